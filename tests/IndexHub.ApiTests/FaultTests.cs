using System.Diagnostics;
using System.Net;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Persistence;
using IndexHub.ApiTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;

namespace IndexHub.ApiTests;

/// <summary>The service on a PostgreSQL cluster of its own, which the test stops and starts under it.</summary>
public sealed class OutageApp : IndexHubApp
{
    private PostgresServer.LocalCluster? _cluster;

    public PostgresServer.LocalCluster Cluster => _cluster!;

    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task<string?> ConnectionStringAsync()
    {
        try
        {
            _cluster = await PostgresServer.StartPrivateClusterAsync();
        }
        catch (Exception e) when (e is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            Unavailable = $"no local PostgreSQL binaries to stop and start: {e.Message}";
            return null;
        }
        return new NpgsqlConnectionStringBuilder(_cluster.ConnectionString) { Timeout = 3, CommandTimeout = 10 }.ConnectionString;
    }

    protected override async ValueTask CleanUpAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}

public sealed class DatabaseOutageTests(OutageApp app) : IClassFixture<OutageApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Cached_reads_answer_the_rest_get_503_and_the_service_recovers_without_a_restart()
    {
        app.RequireEngine();
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/api/v1/regions", Ct)).StatusCode);

        await app.Cluster.StopServerAsync();
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/api/v1/regions", Ct)).StatusCode);
            using var uncached = await app.Client.GetAsync("/api/v1/provinces/92?asOf=2025-08-01", Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, uncached.StatusCode);
            Assert.Equal("application/problem+json", uncached.Content.Headers.ContentType?.MediaType);
            Assert.NotNull(uncached.Headers.RetryAfter);
            Assert.DoesNotContain("Npgsql", await uncached.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, (await app.Client.GetAsync("/health/ready", Ct)).StatusCode);
            Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/live", Ct)).StatusCode);
        }
        finally
        {
            await app.Cluster.StartServerAsync();
        }

        var recovered = false;
        for (var attempt = 0; attempt < 30 && !recovered; attempt++)
        {
            recovered = (await app.Client.GetAsync("/api/v1/provinces/92?asOf=2025-08-02", Ct)).StatusCode == HttpStatusCode.OK;
            if (!recovered)
            {
                await Task.Delay(500, Ct);
            }
        }
        Assert.True(recovered, "the service did not recover after the database came back");
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/ready", Ct)).StatusCode);
    }
}

public sealed class CrashDuringImportTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_process_killed_in_the_middle_of_an_import_leaves_the_table_as_it_was()
    {
        app.RequireEngine();
        async Task<(int Revisions, int Imported)> StateAsync()
        {
            await using var scope = app.CreateScope();
            var db = scope.ServiceProvider.GetRequiredService<IndexHubDbContext>();
            return (await db.Revisions.CountAsync(Ct), await db.ResultObservations.CountAsync(o => o.Metric == "import", Ct));
        }
        var before = await StateAsync();
        // The whole 2020 table, so the kill lands with 63 rows written but not committed.
        var csv = (await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "data", "pci", "pci_2020.csv"), Ct)).Replace("province_name,", "unit,", StringComparison.Ordinal);
        var file = Path.Combine(Path.GetTempPath(), $"indexhub-crash-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, csv, Ct);
        try
        {
            var start = new ProcessStartInfo("dotnet") { WorkingDirectory = AppContext.BaseDirectory, UseShellExecute = false };
            foreach (var a in new[] { Path.Combine(AppContext.BaseDirectory, "IndexHub.Api.dll"), "import", file, "--index", "PCI", "--year", "2020", "--source-url", "https://pcivietnam.vn/bang-xep-hang?year=2020", "--source-kind", "publisher" })
            {
                start.ArgumentList.Add(a);
            }
            start.Environment["Database__Provider"] = "Postgres";
            start.Environment["ConnectionStrings__IndexHub"] = app.ConnectionString;
            start.Environment["Database__LoadDataOnStartup"] = "false";
            start.Environment["Faults__PauseBeforeCommitMilliseconds"] = "120000";
            start.Environment["Logging__LogLevel__Default"] = "Warning";
            using var process = Process.Start(start)!;

            // The write is done and waiting to commit when its session holds the import lock and sits idle in its transaction.
            var paused = false;
            await using (var probe = new NpgsqlConnection(app.ConnectionString))
            {
                await probe.OpenAsync(Ct);
                await using var query = new NpgsqlCommand("""
                    SELECT count(*) FROM pg_stat_activity a JOIN pg_locks l ON l.pid = a.pid
                    WHERE a.datname = current_database() AND a.state = 'idle in transaction' AND l.locktype = 'advisory' AND l.granted
                    """, probe);
                for (var attempt = 0; attempt < 300 && !paused && !process.HasExited; attempt++)
                {
                    paused = (long)(await query.ExecuteScalarAsync(Ct))! > 0;
                    if (!paused)
                    {
                        await Task.Delay(200, Ct);
                    }
                }
            }
            Assert.True(paused, "the import never reached its commit");
            // SIGKILL: no shutdown, no rollback by the process itself; only the database's own guarantees.
            process.Kill(entireProcessTree: true);
            using (var exited = CancellationTokenSource.CreateLinkedTokenSource(Ct))
            {
                exited.CancelAfter(TimeSpan.FromSeconds(20));
                await process.WaitForExitAsync(exited.Token);
            }

            Assert.Equal(before, await StateAsync());
        }
        finally
        {
            File.Delete(file);
        }

        // Nothing is left locked: the same import now goes through whole.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/indices/PCI/imports?year=2020&sourceUrl=https%3A%2F%2Fpcivietnam.vn%2Fbang-xep-hang%3Fyear%3D2020&sourceKind=publisher")
        {
            Content = new StringContent(csv, System.Text.Encoding.UTF8, "text/csv"),
        };
        await using (var scope = app.CreateScope())
        {
            var key = await scope.ServiceProvider.GetRequiredService<Mediator.ISender>()
                .Send(new IndexHub.Api.Features.Keys.CreateKey.Command("crash test", "editor", IndexHub.Api.Features.Writes.Author.CommandLine()), Ct);
            request.Headers.Add("X-Api-Key", key.Secret);
        }
        Assert.Equal(HttpStatusCode.OK, (await app.Client.SendAsync(request, Ct)).StatusCode);
        var after = await StateAsync();
        Assert.Equal((before.Revisions + 1, before.Imported + 63), after);
    }
}
