using System.Diagnostics;
using System.Globalization;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IndexHub.ApiTests.Infrastructure;

/// <summary>
/// A PostgreSQL primary and a hot standby streaming from it, from the first source that answers:
/// <list type="number">
/// <item>connection strings in <c>INDEXHUB_TEST_POSTGRES</c> (the primary) and <c>INDEXHUB_TEST_POSTGRES_STANDBY</c>
/// (its standby), superuser on both: only tests that leave the servers running use them;</item>
/// <item>a throwaway pair from the PostgreSQL binaries on the machine: <c>initdb</c>, then <c>pg_basebackup -R</c>
/// into a second data directory on its own port (as the <c>postgres</c> user when run as root), removed afterwards.</item>
/// </list>
/// Where neither can be had, the tests are skipped loudly, except under CI, where that fails them.
/// </summary>
public sealed class StreamingPair : IAsyncDisposable
{
    private PostgresServer.LocalCluster? _primary;
    private PostgresServer.LocalCluster? _standby;

    private StreamingPair()
    {
    }

    /// <summary>The primary's admin connection string (on its <c>postgres</c> database).</summary>
    public string Primary { get; private set; } = "";

    /// <summary>The standby's admin connection string.</summary>
    public string Standby { get; private set; } = "";

    /// <summary>Why no pair could be had; null when it could.</summary>
    public string? Unavailable { get; private set; }

    /// <summary>Whether the tests own the servers, and so may stop, start and promote them.</summary>
    public bool Owned => _primary is not null;

    public PostgresServer.LocalCluster PrimaryServer => _primary ?? throw new InvalidOperationException("the pair is not this run's own");

    public PostgresServer.LocalCluster StandbyServer => _standby ?? throw new InvalidOperationException("the pair is not this run's own");

    /// <summary>A pair from the environment when one is given there (and <paramref name="owned"/> is not asked for), else one of this run's own.</summary>
    public static async Task<StreamingPair> StartAsync(bool owned)
    {
        var pair = new StreamingPair();
        var primary = Environment.GetEnvironmentVariable("INDEXHUB_TEST_POSTGRES");
        var standby = Environment.GetEnvironmentVariable("INDEXHUB_TEST_POSTGRES_STANDBY");
        if (!owned && !string.IsNullOrWhiteSpace(primary) && !string.IsNullOrWhiteSpace(standby))
        {
            pair.Primary = primary;
            pair.Standby = standby;
            return pair;
        }
        try
        {
            pair._primary = await PostgresServer.StartPrivateClusterAsync();
            pair._standby = await pair._primary.StartStandbyAsync();
            pair.Primary = pair._primary.ConnectionString;
            pair.Standby = pair._standby.ConnectionString;
            await pair.WaitForReplayAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception or TimeoutException or NpgsqlException)
        {
            pair.Unavailable = $"no primary and standby could be started from local PostgreSQL binaries: {e.Message}"
                + (owned ? "" : " (or set INDEXHUB_TEST_POSTGRES and INDEXHUB_TEST_POSTGRES_STANDBY)");
            await Console.Error.WriteLineAsync($"WARNING: {pair.Unavailable}. Replication tests will be skipped.");
            await pair.DisposeAsync();
        }
        return pair;
    }

    /// <summary>A new database on the primary, once the standby has replayed its creation; its name.</summary>
    public async Task<string> CreateDatabaseAsync(string prefix)
    {
        var name = $"{prefix}_{Guid.NewGuid():N}"[..40];
        await ExecuteAsync(Primary, $"CREATE DATABASE \"{name}\"");
        await WaitForReplayAsync();
        return name;
    }

    /// <summary>
    /// Service connection strings for <paramref name="database"/>: writes to whichever host is the primary, reads
    /// from a standby when one answers (Npgsql's multi-host strings, as the README's configuration table shows).
    /// A host found down or of the wrong kind is tried again after a second, not Npgsql's default ten.
    /// </summary>
    public (string Write, string Read) ServiceConnectionStrings(string database)
    {
        var primary = new NpgsqlConnectionStringBuilder(Primary);
        var standby = new NpgsqlConnectionStringBuilder(Standby);
        string Hosts(NpgsqlConnectionStringBuilder first, NpgsqlConnectionStringBuilder second) =>
            $"{first.Host}:{first.Port},{second.Host}:{second.Port}";
        string With(string hosts, string target) => new NpgsqlConnectionStringBuilder(Primary)
        {
            Host = hosts, Database = database, Pooling = true, Timeout = 3, CommandTimeout = 30,
            TargetSessionAttributes = target, HostRecheckSeconds = 1,
        }.ConnectionString;
        return (With(Hosts(primary, standby), "primary"), With(Hosts(standby, primary), "prefer-standby"));
    }

    /// <summary>Waits until the standby has replayed everything the primary has written so far.</summary>
    public async Task WaitForReplayAsync(TimeSpan? timeout = null)
    {
        var target = (string)(await ScalarAsync(Primary, "SELECT pg_current_wal_lsn()::text"))!;
        await Eventually.HoldsAsync(
            async () => await ScalarAsync(Standby, $"SELECT pg_last_wal_replay_lsn() >= '{target}'::pg_lsn") is true,
            timeout ?? TimeSpan.FromSeconds(30), "the standby to replay the primary's writes");
    }

    public static async Task<object?> ScalarAsync(string connectionString, string sql, string? database = null)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 5 };
        if (database is not null)
        {
            builder.Database = database;
        }
        await using var connection = new NpgsqlConnection(builder.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    public static Task ExecuteAsync(string connectionString, string sql, string? database = null) => ScalarAsync(connectionString, sql, database);

    public async ValueTask DisposeAsync()
    {
        if (_standby is not null)
        {
            await _standby.DisposeAsync();
        }
        if (_primary is not null)
        {
            await _primary.DisposeAsync();
        }
    }
}

/// <summary>The service on a <see cref="StreamingPair"/>: writes to the primary, <c>ConnectionStrings:IndexHubRead</c> on the standby.</summary>
public sealed class ReplicatedApp(Func<StreamingPair?> pair, Func<string?> database) : IndexHubApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    private string _read = "";

    public DataVersionState State => Services.GetRequiredService<DataVersionState>();

    protected override Task<string?> ConnectionStringAsync()
    {
        if (pair() is not { Unavailable: null } streaming || database() is not { } name)
        {
            Unavailable = pair()?.Unavailable ?? "no primary and standby";
            return Task.FromResult<string?>(null);
        }
        var (write, read) = streaming.ServiceConnectionStrings(name);
        _read = read;
        return Task.FromResult<string?>(write);
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("ConnectionStrings:IndexHubRead", _read)];

    /// <summary>Waits until this replica of the service reads from a standby that holds the version it serves.</summary>
    public Task ReadsFromTheStandbyAsync() => Eventually.HoldsAsync(
        () => Task.FromResult(State is { ReplicaServesReads: true, ReplicaIsStandby: true }), TimeSpan.FromSeconds(30), "the service to read from the standby");
}

/// <summary>Waiting for a condition by polling, with a deadline: no fixed sleeps.</summary>
public static class Eventually
{
    public static async Task<TimeSpan> HoldsAsync(Func<Task<bool>> condition, TimeSpan timeout, string what)
    {
        var clock = Stopwatch.StartNew();
        while (true)
        {
            if (await condition())
            {
                return clock.Elapsed;
            }
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"waited {timeout.TotalSeconds.ToString(CultureInfo.InvariantCulture)} s for {what}");
            }
            await Task.Delay(25);
        }
    }
}
