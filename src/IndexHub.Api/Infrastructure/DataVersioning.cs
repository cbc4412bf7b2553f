using System.Globalization;
using IndexHub.Api.Persistence;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Infrastructure;

/// <summary>
/// The data version this replica serves. Cached answers are keyed by it and ETags derive from it, so a new
/// version retires every cached answer at once, here and (through <see cref="DataVersionMonitor"/>) on every
/// other replica.
/// </summary>
public sealed class DataVersionState
{
    private sealed record Held(long Version, string Text);

    // Version and text change together, in one reference swap.
    private Held _held = new(0, "0");

    public long Current => Volatile.Read(ref _held).Version;

    /// <summary>The version as text, made once per version: every cached answer and ETag is keyed by it.</summary>
    public string CurrentText => Volatile.Read(ref _held).Text;

    /// <summary>Records a version read from the database; true when it is newer than the one held.</summary>
    public bool Observe(long version)
    {
        var next = new Held(version, version.ToString(CultureInfo.InvariantCulture));
        while (true)
        {
            var held = Volatile.Read(ref _held);
            if (version <= held.Version)
            {
                return false;
            }
            if (Interlocked.CompareExchange(ref _held, next, held) == held)
            {
                return true;
            }
        }
    }
}

/// <summary>
/// Reads the data version every <c>Http:DataVersionPollMilliseconds</c> (500) from the database reads come from,
/// so a write on any replica retires this replica's cached answers within that interval: one tiny query per
/// interval per replica, none per request, and no extra server.
/// </summary>
public sealed class DataVersionMonitor(
    IServiceScopeFactory scopes, DataVersionState state, IOutputCacheStore cache, ReadReplica replica, IConfiguration configuration, ILogger<DataVersionMonitor> logger)
    : BackgroundService
{
    /// <summary>Reads the version once, before the service takes requests.</summary>
    public async Task InitialiseAsync(CancellationToken ct)
    {
        try
        {
            state.Observe(await ReadAsync(ct));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A read replica still catching up (or away): start at version 0 and take the real one at the next poll.
            logger.LogWarning("Cannot read the data version at start-up: {Message}", e.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(Math.Max(50, configuration.GetValue("Http:DataVersionPollMilliseconds", 500)));
        using var timer = new PeriodicTimer(interval);
        var failing = false;
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                if (state.Observe(await ReadAsync(stoppingToken)))
                {
                    await cache.EvictByTagAsync(OutputCaching.DataTag, stoppingToken);
                    logger.LogInformation("Data version {Version}: cached answers retired", state.Current);
                }
                failing = false;
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database is away: keep serving what is cached; say so once, not every tick.
                if (!failing)
                {
                    logger.LogWarning("Cannot read the data version: {Message}", e.Message);
                }
                failing = true;
            }
        }
    }

    private async Task<long> ReadAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IndexHubDbContext>();
        if (replica.ConnectionString is not null)
        {
            // Read where reads are answered: a lagging replica must not announce data it does not hold yet.
            db.Database.SetConnectionString(replica.ConnectionString);
        }
        return await db.ReadDataVersionAsync(ct);
    }
}
