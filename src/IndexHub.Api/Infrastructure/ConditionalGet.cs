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
            var etag = new EntityTagHeaderValue($"\"{Convert.ToBase64String(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length))[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"");
            var headers = context.Response.GetTypedHeaders();
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
}
