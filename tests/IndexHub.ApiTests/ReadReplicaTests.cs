using System.Net;
using System.Net.Http.Json;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Features.Keys;
using IndexHub.ApiTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace IndexHub.ApiTests;

/// <summary>
/// The service with <c>ConnectionStrings:IndexHubRead</c> set. The "replica" is a second database cloned from the
/// primary and then made to differ, so every answer shows which database it came from.
/// </summary>
public sealed class ReadReplicaApp(PostgresServer server) : IndexHubApp
{
    public override IndexHub.Api.Persistence.DatabaseProvider Provider => IndexHub.Api.Persistence.DatabaseProvider.Postgres;

    public string Primary { get; private set; } = "";

    public string Replica { get; private set; } = "";

    public string Admin => server.ConnectionString!;

    protected override async Task<string?> ConnectionStringAsync()
    {
        if (server.ConnectionString is null)
        {
            Unavailable = server.Unavailable;
            return null;
        }
        Primary = await server.CreateDatabaseAsync("indexhub_primary");
        Replica = await server.CreateDatabaseAsync("indexhub_replica");
        return Primary;
    }

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("ConnectionStrings:IndexHubRead", Replica),
        // Every read reaches a database, so each answer says where it was read.
        new("Http:ServerCacheSeconds", "0"),
    ];

    /// <summary>Replaces the replica with a copy of the primary as it is now.</summary>
    public async Task CloneReplicaFromPrimaryAsync()
    {
        var primary = new NpgsqlConnectionStringBuilder(Primary).Database!;
        var replica = new NpgsqlConnectionStringBuilder(Replica).Database!;
        // A template database must have no sessions: close this process's idle ones and end any others.
        NpgsqlConnection.ClearAllPools();
        await using var admin = new NpgsqlConnection(Admin);
        await admin.OpenAsync();
        // The service polls the data version while this runs (from the primary while the replica is missing or
        // behind), so a session may reopen between the two statements: try again until the copy is taken.
        for (var attempt = 1; ; attempt++)
        {
            await Execute(admin, $"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname IN ('{primary}', '{replica}') AND pid <> pg_backend_pid()");
            await Execute(admin, $"DROP DATABASE IF EXISTS \"{replica}\" WITH (FORCE)");
            try
            {
                await Execute(admin, $"CREATE DATABASE \"{replica}\" TEMPLATE \"{primary}\"");
                break;
            }
            catch (PostgresException e) when (e.SqlState == "55006" && attempt < 20)
            {
                // "source database is being accessed by other users"
            }
        }
        // The service reads from the primary while its replica does not answer (as while it was being copied):
        // wait for its next poll to find the copy.
        var state = Services.GetRequiredService<IndexHub.Api.Infrastructure.DataVersionState>();
        await Eventually.HoldsAsync(() => Task.FromResult(state.ReplicaServesReads), TimeSpan.FromSeconds(10), "the service to read from the replica again");
    }

    public static async Task<object?> ScalarAsync(string connectionString, string sql)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        return await command.ExecuteScalarAsync();
    }

    private static async Task Execute(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}

public sealed class ReadReplicaTests(ReadReplicaApp app) : IClassFixture<ReadReplicaApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private const string ParHanoi2022 = """
        SELECT r."Score"::text FROM results r JOIN units u ON u."Id" = r."UnitId"
        JOIN index_editions e ON e."Id" = r."EditionId" JOIN indices i ON i."Id" = e."IndexId"
        WHERE i."Code" = 'PAR' AND u."Code" = '01' AND r."Year" = 2022
        """;

    [Fact]
    public async Task Reads_come_from_the_replica_and_writes_go_to_the_primary()
    {
        app.RequireEngine();
        await app.CloneReplicaFromPrimaryAsync();
        await ReadReplicaApp.ScalarAsync(app.Replica, "UPDATE regions SET \"NameEn\" = 'Read from the replica' WHERE \"Order\" = 1");

        // Every read endpoint answers from the replica.
        var regions = await app.Client.GetJsonAsync("/api/v1/regions");
        Assert.Contains(regions.Items(), region => region.GetProperty("nameEn").GetString() == "Read from the replica");

        // A write goes to the primary; the replica (not replicating here) keeps its value, and reads still show it.
        string secret;
        await using (var scope = app.CreateScope())
        {
            secret = (await scope.ServiceProvider.GetRequiredService<ISender>()
                .Send(new CreateKey.Command($"replica test {Guid.NewGuid():N}", "Editor", Author.CommandLine()), Ct)).Secret;
        }
        const string url = "/api/v1/indices/PAR/results/2022/01";
        // The key was made on the primary after the clone: copy the primary again, as streaming replication would.
        await app.CloneReplicaFromPrimaryAsync();
        using var read = await app.Client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        using var put = new HttpRequestMessage(HttpMethod.Put, url)
        {
            Content = JsonContent.Create(new { score = 89.61m, rank = 3, source = new { url = "https://example.org/par-erratum", kind = "publisher" } }),
        };
        put.Headers.Add("X-Api-Key", secret);
        put.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.Tag);
        using var written = await app.Client.SendAsync(put, Ct);
        Assert.Equal(HttpStatusCode.OK, written.StatusCode);

        Assert.Equal("89.61", await ReadReplicaApp.ScalarAsync(app.Primary, ParHanoi2022));
        Assert.Equal("89.58", await ReadReplicaApp.ScalarAsync(app.Replica, ParHanoi2022));
        // The writer reads its own write: the replica does not hold the write's data version, so reads go to the
        // primary until it does (here never, as this replica does not replicate; ReplicationTests has a real standby).
        Assert.Equal("89.61", (await app.Client.GetJsonAsync(url)).GetProperty("score").GetRawText());
        var regionsNow = await app.Client.GetJsonAsync("/api/v1/regions");
        Assert.DoesNotContain(regionsNow.Items(), region => region.GetProperty("nameEn").GetString() == "Read from the replica");
    }
}

public sealed class PlannerSettingsTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task The_service_lets_postgres_reorder_the_joins_of_its_result_reads()
    {
        app.RequireEngine();
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IndexHub.Api.Persistence.IndexHubDbContext>();
        var limits = await Microsoft.EntityFrameworkCore.RelationalDatabaseFacadeExtensions
            .SqlQueryRaw<string>(db.Database, "SELECT current_setting('join_collapse_limit') || ',' || current_setting('from_collapse_limit') AS \"Value\"")
            .ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal("16,16", Assert.Single(limits));
    }
}
