using Microsoft.AspNetCore.OutputCaching;

namespace IndexHub.Api.Infrastructure;

/// <summary>
/// Successful anonymous reads of the API are kept in memory for a short while, so repeated reads cost
/// nothing and are still answered while the database is briefly away. Entries are keyed by the data version,
/// and a new version (a write here, or seen by <see cref="DataVersionMonitor"/>) evicts them.
/// </summary>
public static class OutputCaching
{
    public const string DataTag = "data";

    public static IServiceCollection AddIndexHubOutputCache(this IServiceCollection services)
    {
        services.AddSettings<HttpCachingOptions>(HttpCachingOptions.Section);
        services.AddOutputCache();
        services.AddOptions<OutputCacheOptions>().Configure<HttpCachingOptions>((options, http) => options.AddBasePolicy(policy => policy
            .With(context => context.HttpContext.Request.Path.StartsWithSegments("/api/v1") && http.ServerCacheSeconds > 0)
            .Expire(TimeSpan.FromSeconds(Math.Max(1, http.ServerCacheSeconds)))
            .SetVaryByQuery("*")
            .SetVaryByHeader("Accept", "X-Api-Key")
            // Keyed by the data version (an answer cached before a write is never served after it) and by the content coding
            // (the cache keeps compressed bytes, each coding apart).
            .VaryByValue(context => new KeyValuePair<string, string>("data-version",
                context.RequestServices.GetRequiredService<DataVersionState>().CurrentText + "|" + HttpSemantics.NegotiatedEncoding(context.Request)))
            .Tag(DataTag)));
        return services;
    }
}
