using System.ComponentModel.DataAnnotations;
using IndexHub.Api.Infrastructure;

namespace IndexHub.Api.Features.Writes;

/// <summary>The <c>Imports</c> configuration section: how large a write may be, and how it is carried out.</summary>
public sealed class WriteSettings
{
    public const string Section = "Imports";

    /// <summary>Largest request body an import accepts.</summary>
    [Range(1024, long.MaxValue)]
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most rows one import may hold.</summary>
    [Range(1, 10_000_000)]
    public int MaxRows { get; set; } = 10_000;

    /// <summary>
    /// On PostgreSQL, writes of at least this many rows go through binary COPY into staging tables merged set-based
    /// (same transaction, same revision rules); smaller ones through EF Core.
    /// </summary>
    [Range(1, int.MaxValue)]
    public int BulkCopyFromRows { get; set; } = 500;

    /// <summary>
    /// How long one statement of a write may run (seconds). A large import merges a million rows in one statement; at
    /// the default 30 s such a statement timed out and the whole write was replayed.
    /// </summary>
    [Range(1, 86_400)]
    public int WriteCommandTimeoutSeconds { get; set; } = 600;
}

/// <summary>The <c>Faults</c> section: faults injected by the crash tests, never set in a deployment.</summary>
public sealed class FaultOptions
{
    public const string Section = "Faults";

    /// <summary>Pause a write this long with everything done but the commit (0: no pause).</summary>
    [Range(0, int.MaxValue)]
    public int PauseBeforeCommitMilliseconds { get; set; }
}

public static class WriteSetup
{
    /// <summary>The write path: settings (validated at start-up), the transaction, the stores, the derivations and the shipped-data loader.</summary>
    public static IServiceCollection AddIndexHubWrites(this IServiceCollection services)
    {
        services.AddSettings<WriteSettings>(WriteSettings.Section);
        services.AddSettings<FaultOptions>(FaultOptions.Section);
        services.AddScoped<WriteTransaction>();
        services.AddScoped<ResultStores>();
        services.AddScoped<Derivations>();
        services.AddScoped<ShippedResults>();
        services.AddScoped<ShippedDataLoader>();
        return services;
    }
}
