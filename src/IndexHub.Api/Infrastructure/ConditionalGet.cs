using System.ComponentModel.DataAnnotations;
using System.IO.Hashing;
using System.Security.Cryptography;
using Microsoft.Net.Http.Headers;

namespace IndexHub.Api.Infrastructure;

/// <summary>The <c>Http</c> configuration section: how long answers are reused, here and by clients.</summary>
public sealed class HttpCachingOptions
{
    public const string Section = "Http";

    /// <summary>How long clients and proxies may reuse a GET response.</summary>
    [Range(0, 31_536_000)]
    public int CacheMaxAgeSeconds { get; set; } = 300;

    /// <summary>How long this replica keeps an unchanged answer in memory (0: none); a new data version retires it sooner.</summary>
    [Range(0, 86_400)]
    public int ServerCacheSeconds { get; set; } = 60;

    /// <summary>How often the data version is read, so that a write made on another replica retires this one's cached answers.</summary>
    [Range(50, 600_000)]
    public int DataVersionPollMilliseconds { get; set; } = 500;
}

/// <summary>
/// ETag and Cache-Control on every successful GET, and no-store on errors.
/// Reads of the API's data get an ETag derived from the data version (and the day in Vietnam, which some
/// defaults follow), so it is known before the answer is made: an unchanged answer is a 304 that costs no
/// query and no serialisation (<see cref="NotModifiedMiddleware"/>), on whichever replica is asked.
/// Other GETs (admin lists, the OpenAPI document) get a hash of their bytes.
/// </summary>
public sealed class ConditionalGetMiddleware(RequestDelegate next, HttpCachingOptions options, DataVersionState version, TimeProvider clock)
{
    private const string VersionTagItem = "IndexHub.VersionTag";

    public async Task InvokeAsync(HttpContext context)
    {
        if (!HttpMethods.IsGet(context.Request.Method) && !HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }
        if (IsVersioned(context.Request.Path))
        {
            // Taken before the answer is read: a write landing meanwhile can only make the tag older, never newer.
            var tag = new EntityTagHeaderValue(VersionTag(context));
            context.Items[VersionTagItem] = tag;
            context.Response.OnStarting(() =>
            {
                var response = context.Response;
                // A 304 carries the validator and caching headers the 200 would have (RFC 9110, 15.4.5).
                if (response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified)
                {
                    var headers = response.GetTypedHeaders();
                    // An endpoint may set its own ETag (a single result's, which If-Match on writes compares with).
                    headers.ETag ??= tag;
                    headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(options.CacheMaxAgeSeconds) };
                    response.Headers.Vary = "Accept, Accept-Encoding";
                }
                else if (response.StatusCode >= 400)
                {
                    response.Headers.CacheControl = "no-store";
                }
                return Task.CompletedTask;
            });
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
            var etag = headers.ETag ?? new EntityTagHeaderValue(Tag(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
            headers.ETag = etag;
            headers.CacheControl = new CacheControlHeaderValue { Public = true, MaxAge = TimeSpan.FromSeconds(options.CacheMaxAgeSeconds) };
            context.Response.Headers.Vary = "Accept, Accept-Encoding";
            if (Matches(context.Request, etag))
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

    /// <summary>The API's data reads; admin lists change with keys and the audit, not the data version.</summary>
    private static bool IsVersioned(PathString path) =>
        path.StartsWithSegments("/api/v1") && !path.StartsWithSegments("/api/v1/admin");

    /// <summary>
    /// "v{data version}-{day in Vietnam}-{answer}": the answer part is a short hash of the URL, the Accept header and
    /// the content coding, so each URL and representation (JSON or CSV, plain or compressed) has its own tag.
    /// </summary>
    private string VersionTag(HttpContext context)
    {
        var request = context.Request;
        // XxHash3 rather than SHA-256: the tag needs to be stable across replicas, not secret, and it is made on every read.
        var hash = new XxHash3();
        Append(ref hash, request.Path.Value);
        Append(ref hash, request.QueryString.Value);
        Append(ref hash, "|");
        foreach (var accept in request.Headers.Accept)
        {
            Append(ref hash, accept);
        }
        // Each content coding is its own representation, with its own tag.
        Append(ref hash, "|" + HttpSemantics.NegotiatedEncoding(request));
        Span<byte> digest = stackalloc byte[8];
        hash.GetCurrentHash(digest);
        return $"\"v{version.CurrentText}-{Day()}-{Convert.ToHexStringLower(digest[..6])}\"";
    }

    private static void Append(ref XxHash3 hash, string? text)
    {
        if (!string.IsNullOrEmpty(text))
        {
            hash.Append(System.Runtime.InteropServices.MemoryMarshal.AsBytes(text.AsSpan()));
        }
    }

    private sealed record DayText(DateOnly Day, string Text);

    // The day's text, made once a day rather than on every request (swapped whole, so never torn).
    private DayText? _day;

    private string Day()
    {
        var today = clock.Today();
        var held = Volatile.Read(ref _day);
        if (held is null || held.Day != today)
        {
            held = new DayText(today, today.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture));
            Volatile.Write(ref _day, held);
        }
        return held.Text;
    }

    /// <summary>The version tag of this request, where it has one (set by <see cref="ConditionalGetMiddleware"/>).</summary>
    public static EntityTagHeaderValue? VersionTagOf(HttpContext context) => context.Items[VersionTagItem] as EntityTagHeaderValue;

    public static bool Matches(HttpRequest request, EntityTagHeaderValue etag) =>
        request.GetTypedHeaders().IfNoneMatch.Any(tag => tag.Equals(EntityTagHeaderValue.Any) || tag.Compare(etag, useStrongComparison: false));

    /// <summary>A strong entity tag from bytes: 128 bits of their SHA-256, base64url.</summary>
    public static string Tag(ReadOnlySpan<byte> bytes) =>
        $"\"{Convert.ToBase64String(SHA256.HashData(bytes)[..16]).TrimEnd('=').Replace('+', '-').Replace('/', '_')}\"";
}

/// <summary>
/// Answers 304 when the client's If-None-Match holds the request's version tag, before any query runs.
/// Placed after CORS, authentication, rate limiting and authorization, so a 304 passes the same checks a 200 would.
/// </summary>
public sealed class NotModifiedMiddleware(RequestDelegate next)
{
    public Task InvokeAsync(HttpContext context)
    {
        if (ConditionalGetMiddleware.VersionTagOf(context) is { } tag
            && context.Request.Headers.IfNoneMatch.Count > 0
            && ConditionalGetMiddleware.Matches(context.Request, tag))
        {
            context.Response.StatusCode = StatusCodes.Status304NotModified;
            return Task.CompletedTask;
        }
        return next(context);
    }
}
