using Microsoft.AspNetCore.OutputCaching;

namespace IndexHub.Api.Infrastructure;

/// <summary>
/// Successful anonymous reads of the API are kept in memory for a short while, so repeated reads cost
/// nothing and are still answered while the database is briefly away. Writes evict them.
/// </summary>
public static class OutputCaching
{
    public const string DataTag = "data";

    public static IServiceCollection AddIndexHubOutputCache(this IServiceCollection services, IConfiguration configuration)
    {
        var seconds = configuration.GetValue("Http:ServerCacheSeconds", 60);
        services.AddOutputCache(options => options.AddBasePolicy(policy => policy
            .With(context => context.HttpContext.Request.Path.StartsWithSegments("/api/v1") && seconds > 0)
            .Expire(TimeSpan.FromSeconds(Math.Max(1, seconds)))
            .SetVaryByQuery("*")
            .SetVaryByHeader("Accept", "X-Api-Key")
            .Tag(DataTag)));
        return services;
    }
}
