using System.IO.Compression;
using Microsoft.AspNetCore.ResponseCompression;
using Microsoft.Net.Http.Headers;

namespace IndexHub.Api.Infrastructure;

/// <summary>HEAD for every GET, and compressed answers (Brotli, gzip) whose compressed bytes the output cache keeps.</summary>
public static class HttpSemantics
{
    /// <summary>The codings the compression middleware offers, in its order of preference.</summary>
    private static readonly string[] Codings = ["br", "gzip"];

    /// <summary>
    /// The content coding an answer is sent in, as negotiated from Accept-Encoding: part of cache keys and ETags. It picks as
    /// the compression middleware does (the highest quality, then its order of preference; <c>*</c> stands for any coding,
    /// q=0 refuses one), so a cached answer is only ever served to a client that would have been sent the same bytes.
    /// </summary>
    public static string NegotiatedEncoding(HttpRequest request)
    {
        var header = request.Headers.AcceptEncoding;
        if (header.Count == 0 || !StringWithQualityHeaderValue.TryParseList(header, out var accepted))
        {
            return "identity";
        }
        string? best = null;
        var bestQuality = 0.0;
        var bestOrder = int.MaxValue;
        foreach (var encoding in accepted)
        {
            var quality = encoding.Quality ?? 1;
            if (quality < double.Epsilon)
            {
                continue;
            }
            if (encoding.Value.Equals("identity", StringComparison.OrdinalIgnoreCase) && quality > bestQuality)
            {
                // Asked for by name, identity wins only on a higher quality: it comes after every coding in preference.
                (best, bestQuality, bestOrder) = ("identity", quality, Codings.Length);
            }
            for (var order = 0; order < Codings.Length; order++)
            {
                if (encoding.Value.Equals("*", StringComparison.Ordinal) || encoding.Value.Equals(Codings[order], StringComparison.OrdinalIgnoreCase))
                {
                    if (quality > bestQuality || (quality.Equals(bestQuality) && order < bestOrder))
                    {
                        (best, bestQuality, bestOrder) = (Codings[order], quality, order);
                    }
                }
            }
        }
        return best ?? "identity";
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
