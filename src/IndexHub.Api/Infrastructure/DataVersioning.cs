using System.Globalization;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Infrastructure;

/// <summary>
/// The data version this replica serves. Cached answers are keyed by it and ETags derive from it, so a new
/// version retires every cached answer at once, here and (through <see cref="DataVersionMonitor"/>) on every
/// other replica. With a read replica (<c>ConnectionStrings:IndexHubRead</c>) it also says where reads go: to the
/// standby only while the standby holds every version this process has seen, else to the primary, so no answer
/// is older than the version it is cached and tagged under, and a writer reads its own write at once.
/// </summary>
public sealed class DataVersionState
{
    private sealed record Held(long Version, string Text);

    // Version and text change together, in one reference swap.
    private Held _held = new(0, "0");
    private long _replayed;
    private volatile bool _replicaAnswers = true;
    private volatile bool _replicaIsStandby = true;

    public long Current => Volatile.Read(ref _held).Version;

    /// <summary>The version as text, made once per version: every cached answer and ETag is keyed by it.</summary>
    public string CurrentText => Volatile.Read(ref _held).Text;

    /// <summary>The version the read replica last answered with (it has replayed every write up to it).</summary>
    public long Replayed => Interlocked.Read(ref _replayed);

    /// <summary>Whether the read replica answered its last poll.</summary>
    public bool ReplicaAnswers => _replicaAnswers;

    /// <summary>Whether the server that answered the read connection's last poll is a standby (false: it fell back to, or was promoted to, a primary).</summary>
    public bool ReplicaIsStandby => _replicaIsStandby;

    /// <summary>
    /// True while a read may go to the read replica: it answers and has replayed the version this process serves.
    /// After a write here (or a client's <c>IndexHub-Min-Data-Version</c>) reads go to the primary until the
    /// standby has caught up, one poll later at most once it has.
    /// </summary>
    public bool ReplicaServesReads => _replicaAnswers && Replayed >= Current;

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

    /// <summary>The read replica answered: the version it holds and whether it is (still) a standby.</summary>
    public void ReplicaAnswered(long version, bool isStandby)
    {
        Interlocked.Exchange(ref _replayed, version);
        _replicaIsStandby = isStandby;
        _replicaAnswers = true;
    }

    /// <summary>The read replica did not answer: reads go to the primary until it does.</summary>
    public void ReplicaFailed() => _replicaAnswers = false;

    /// <summary>
    /// The database holds an older version than this process has seen: a failover lost the last writes, or a
    /// backup was restored. The held version goes back to the database's, or nothing would ever be read again.
    /// </summary>
    public void Reset(long version)
    {
        Volatile.Write(ref _held, new Held(version, version.ToString(CultureInfo.InvariantCulture)));
        Interlocked.Exchange(ref _replayed, Math.Min(Replayed, version));
    }
}

/// <summary>
/// Reads the data version every <c>Http:DataVersionPollMilliseconds</c> (500) from the database reads come from,
/// so a write on any replica retires this replica's cached answers within that interval (plus the read replica's
/// lag behind the primary): one tiny query per interval per replica, none per request, and no extra server.
/// While the read replica is away, or behind the version this process has seen, it reads the primary instead.
/// </summary>
public sealed partial class DataVersionMonitor(
    DataVersionState state, IOutputCacheStore cache, DatabaseEndpoints endpoints, IServiceScopeFactory scopes, HttpCachingOptions http,
    ILogger<DataVersionMonitor> logger)
    : BackgroundService
{
    private bool _replicaFailing;
    private bool _primaryFailing;
    private int _olderSeen;

    /// <summary>Reads the version once, before the service takes requests.</summary>
    public async Task InitialiseAsync(CancellationToken ct)
    {
        try
        {
            await PollAsync(ct);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // A read replica still catching up (or away): start at version 0 and take the real one at the next poll.
            LogPollFailed(logger, "the database", e.Message);
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var interval = TimeSpan.FromMilliseconds(http.DataVersionPollMilliseconds);
        using var timer = new PeriodicTimer(interval);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            try
            {
                await PollAsync(stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // The database is away: keep serving what is cached; say so once, not every tick.
                if (!_primaryFailing)
                {
                    LogPollFailed(logger, "the primary", e.Message);
                }
                _primaryFailing = true;
            }
        }
    }

    private async Task PollAsync(CancellationToken ct)
    {
        if (endpoints.Read is { } read)
        {
            try
            {
                var (version, inRecovery) = await ReadAsync(read, ct);
                state.ReplicaAnswered(version, inRecovery);
                _replicaFailing = false;
                if (version >= state.Current)
                {
                    await AdvanceAsync(version, ct);
                    return;
                }
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Away, or (a standby still replaying the schema) not yet able to answer: the primary answers reads.
                state.ReplicaFailed();
                if (!_replicaFailing)
                {
                    LogPollFailed(logger, "the read replica (reads go to the primary until it answers)", e.Message);
                }
                _replicaFailing = true;
            }
        }
        // No read replica; or it is away, or behind what this process has seen: reads come from the primary, so
        // the version is read there.
        var (primary, _) = await ReadAsync(endpoints.Primary, ct);
        _primaryFailing = false;
        if (primary < state.Current)
        {
            // Twice in a row, so that a write committing between this read and its own Observe is not taken for it.
            if (++_olderSeen >= 2)
            {
                LogVersionWentBack(logger, state.Current, primary);
                state.Reset(primary);
                await cache.EvictByTagAsync(OutputCaching.DataTag, ct);
                _olderSeen = 0;
            }
            return;
        }
        _olderSeen = 0;
        await AdvanceAsync(primary, ct);
    }

    private async Task AdvanceAsync(long version, CancellationToken ct)
    {
        if (state.Observe(version))
        {
            await cache.EvictByTagAsync(OutputCaching.DataTag, ct);
            LogRetired(logger, version);
        }
    }

    /// <summary>The data version held where <paramref name="connectionString"/> leads, and whether that server is a standby.</summary>
    private async Task<(long Version, bool InRecovery)> ReadAsync(string connectionString, CancellationToken ct)
    {
        if (endpoints.IsSqlite)
        {
            await using var scope = scopes.CreateAsyncScope();
            return (await scope.ServiceProvider.GetRequiredService<IndexHubDbContext>().ReadDataVersionAsync(ct), false);
        }
        await using var connection = new Npgsql.NpgsqlConnection(connectionString);
        await connection.OpenAsync(ct);
        await using var command = new Npgsql.NpgsqlCommand($"SELECT \"Version\", pg_is_in_recovery() FROM data_version WHERE \"Id\" = {DataVersion.SingletonId}", connection);
        await using var reader = await command.ExecuteReaderAsync(ct);
        return await reader.ReadAsync(ct) ? (reader.GetInt64(0), reader.GetBoolean(1)) : throw new InvalidOperationException("The data_version row is missing.");
    }

    /// <summary>Reads the primary's version now and moves to it (a client asked for a version this process has not seen).</summary>
    public async Task CatchUpWithPrimaryAsync(CancellationToken ct)
    {
        var (primary, _) = await ReadAsync(endpoints.Primary, ct);
        await AdvanceAsync(primary, ct);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot read the data version from {Where}: {Message}")]
    private static partial void LogPollFailed(ILogger logger, string where, string message);

    [LoggerMessage(Level = LogLevel.Information, Message = "Data version {Version}: cached answers retired")]
    private static partial void LogRetired(ILogger logger, long version);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The primary holds data version {Primary}, older than {Held} seen before (a failover lost writes, or a backup was restored): serving {Primary} from now on")]
    private static partial void LogVersionWentBack(ILogger logger, long held, long primary);
}
