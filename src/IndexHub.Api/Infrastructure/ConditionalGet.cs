using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace IndexHub.Api.Infrastructure;

/// <summary>The <c>Http</c> configuration section.</summary>
public sealed class HttpCachingOptions
{
    public const string Section = "Http";

    /// <summary>How long clients and proxies may reuse a GET response.</summary>
    public int CacheMaxAgeSeconds { get; set; } = 300;
}

/// <summary>
/// ETag and Cache-Control on every successful GET of the API, and 304 Not Modified when the
/// client's If-None-Match still matches. The ETag is a hash of the response bytes, so it changes
/// exactly when what the client would receive changes.
/// </summary>
public sealed class ConditionalGetMiddleware(RequestDelegate next, HttpCachingOptions options)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }
        var original = context.Response.Body;
        await using var buffer = new MemoryStream();
        context.Response.Body = buffer;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = original;
        }

        if (context.Response.StatusCode == StatusCodes.Status200OK)
        {
            var headers = context.Response.GetTypedHeaders();
            // An endpoint may set its own ETag (a single result's, which If-Match on writes compares with).
            var etag = headers.ETag ?? new EntityTagHeaderValue(Tag(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
            headers.ETag = etag;
            headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(options.CacheMaxAgeSeconds) };
            context.Response.Headers.Vary = "Accept";
            var ifNoneMatch = context.Request.GetTypedHeaders().IfNoneMatch;
            if (ifNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false)))
            {
                context.Response.StatusCode = StatusCodes.Status304NotModified;
                context.Response.ContentLength = null;
                context.Response.Headers.ContentType = default;
                context.Response.Headers.ContentDisposition = default;
                return;
            }
        }
        else if (context.Response.StatusCode >= 400)
        {
            context.Response.Headers.CacheControl = "no-store";
        }
        context.Response.ContentLength = buffer.Length;
        buffer.Position = 0;
        await buffer.CopyToAsync(original, context.RequestAborted);
    }

    /// <summary>A strong entity tag from bytes: 128 bits of their SHA-256, base64url.</summary>
    public static string Tag(ReadOnlySpan<byte> bytes) =>
        $"\"{Convert.ToBase64String(SHA256.HashData(bytes)[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"";
}
