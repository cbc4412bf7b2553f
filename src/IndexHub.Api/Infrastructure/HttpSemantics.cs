using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;

namespace IndexHub.Api.Infrastructure;

/// <summary>HEAD for every GET, and compressed answers (Brotli, gzip) whose compressed bytes the output cache keeps.</summary>
public static class HttpSemantics
{
    /// <summary>The content coding an answer is sent in, as negotiated from Accept-Encoding: part of cache keys and ETags.</summary>
    public static string NegotiatedEncoding(HttpRequest request)
    {
        var accepted = request.Headers.AcceptEncoding.ToString();
        return accepted.Contains("br", StringComparison.OrdinalIgnoreCase) ? "br"
            : accepted.Contains("gzip", StringComparison.OrdinalIgnoreCase) ? "gzip"
            : "identity";
    }

    public static IServiceCollection AddIndexHubCompression(this IServiceCollection services)
    {
        services.Configure<BrotliCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.Configure<GzipCompressionProviderOptions>(o => o.Level = CompressionLevel.Optimal);
        services.AddResponseCompression(options =>
        {
            // The answers hold public data; the one secret the API sends (a new key) is never compressed (see UseIndexHubCompression).
            options.EnableForHttps = true;
            options.Providers.Add<BrotliCompressionProvider>();
            options.Providers.Add<GzipCompressionProvider>();
            // The defaults (HTML, CSS, scripts: the explorer's assets) and the API's answers.
            options.MimeTypes = [.. ResponseCompressionDefaults.MimeTypes.Union(["application/json", "application/problem+json", "text/csv", "application/yaml", "text/yaml"])];
        });
        return services;
    }

    /// <summary>
    /// Placed after the output cache, so that the cache keeps the compressed bytes (keyed by the negotiated coding) and a
    /// cached answer is not compressed again on every request.
    /// </summary>
    public static void UseIndexHubCompression(this WebApplication app)
    {
        app.Use((context, next) =>
        {
            // A compressed answer that carries a secret beside attacker-chosen text can leak it (BREACH): admin answers go plain.
            if (context.Request.Path.StartsWithSegments("/api/v1/admin"))
            {
                context.Request.Headers.AcceptEncoding = default;
            }
            return next(context);
        });
        app.UseResponseCompression();
    }

    /// <summary>
    /// HEAD answers as GET would, without the body: routed as a GET (every GET endpoint serves HEAD, and the contract
    /// lists GET only, as HTTP implies HEAD), with the body discarded.
    /// </summary>
    public static void UseHeadAsGet(this WebApplication app) => app.Use(async (context, next) =>
    {
        if (!HttpMethods.IsHead(context.Request.Method))
        {
            await next(context);
            return;
        }
        context.Request.Method = HttpMethods.Get;
        var body = context.Response.Body;
        context.Response.Body = Stream.Null;
        try
        {
            await next(context);
        }
        finally
        {
            context.Response.Body = body;
            context.Request.Method = HttpMethods.Head;
        }
    });
}
