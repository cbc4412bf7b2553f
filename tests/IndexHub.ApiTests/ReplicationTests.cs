using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text;
using IndexHub.Api.Features.Keys;
using IndexHub.Api.Infrastructure;
using IndexHub.ApiTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace IndexHub.ApiTests;

/// <summary>
/// The service on real PostgreSQL streaming replication (<see cref="StreamingPair"/>): what each reader sees, and
/// what happens when the standby or the primary goes away. The writes are imports of PCI 2020 (shipped in full):
/// each moves Đồng Tháp's score, which the public read of that result shows. Only status codes, headers and the
/// public reads are relied on.
/// </summary>
internal static class Replicated
{
    public const string DongThap = "/api/v1/indices/PCI/results/2020/87";

    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static async Task<string> EditorKeyAsync(IndexHubApp app)
    {
        await using var scope = app.CreateScope();
        return (await scope.ServiceProvider.GetRequiredService<ISender>()
            .Send(new CreateKey.Command($"replication {Guid.NewGuid():N}", "Editor", IndexHub.Api.Features.Writes.Author.CommandLine()), Ct)).Secret;
    }

    /// <summary>Imports Đồng Tháp's PCI 2020 score (published 72.81) as <paramref name="score"/>.</summary>
    public static async Task<HttpResponseMessage> ImportAsync(IndexHubApp app, string key, decimal score)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/indices/PCI/imports?year=2020&sourceUrl=https%3A%2F%2Fexample.org%2Freplication&sourceKind=publisher")
        {
            Content = new StringContent($"unit,score,rank\nĐồng Tháp,{score.ToString(CultureInfo.InvariantCulture)},2\n", Encoding.UTF8, "text/csv"),
        };
        request.Headers.Add("X-Api-Key", key);
        return await app.Client.SendAsync(request, Ct);
    }

    public static async Task<string> ScoreAsync(IndexHubApp app, long? minVersion = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, DongThap);
        if (minVersion is { } version)
        {
            request.Headers.Add(DataVersionHeaders.RequestHeader, version.ToString(CultureInfo.InvariantCulture));
        }
        using var response = await app.Client.SendAsync(request, Ct);
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return System.Text.Json.JsonDocument.Parse(body).RootElement.GetProperty("score").GetRawText();
    }

    /// <summary>The data version a successful write's reply announces.</summary>
    public static async Task<long> WrittenVersionAsync(HttpResponseMessage written)
    {
        var body = await written.Content.ReadAsStringAsync(Ct);
        Assert.True(written.StatusCode == HttpStatusCode.OK, $"{(int)written.StatusCode}: {body}");
        return long.Parse(Assert.Single(written.Headers.GetValues(DataVersionHeaders.ResponseHeader)), CultureInfo.InvariantCulture);
    }

    public static void Report(string line) => TestContext.Current.TestOutputHelper?.WriteLine(line);
}

/// <summary>Two replicas of the service on one database of a primary and standby pair.</summary>
public sealed class ReplicatedPods : IAsyncLifetime
{
    private string? _database;

    public StreamingPair Pair { get; private set; } = null!;

    /// <summary>The replica of the service the writer's requests reach.</summary>
    public ReplicatedApp Writer { get; private set; } = null!;

    /// <summary>Another replica, which the writer never calls.</summary>
    public ReplicatedApp Other { get; private set; } = null!;

    public string Database => _database!;

    public async ValueTask InitializeAsync()
    {
        Pair = await StreamingPair.StartAsync(owned: false);
        _database = Pair.Unavailable is null ? await Pair.CreateDatabaseAsync("indexhub_replicated") : null;
        Writer = new ReplicatedApp(() => Pair, () => _database);
        await Writer.InitializeAsync();
        Other = new ReplicatedApp(() => Pair, () => _database);
        await Other.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Other.DisposeAsync();
        await Writer.DisposeAsync();
        await Pair.DisposeAsync();
    }
}

public sealed class ReplicationTests(ReplicatedPods pods) : IClassFixture<ReplicatedPods>
{
    private static CancellationToken Ct => Replicated.Ct;

    private Task PauseReplayAsync() => PauseAsync(true);

    private Task ResumeReplayAsync() => PauseAsync(false);

    private async Task PauseAsync(bool pause)
    {
        await StreamingPair.ExecuteAsync(pods.Pair.Standby, pause ? "SELECT pg_wal_replay_pause()" : "SELECT pg_wal_replay_resume()");
        if (pause)
        {
            await Eventually.HoldsAsync(async () => (string?)await StreamingPair.ScalarAsync(pods.Pair.Standby, "SELECT pg_get_wal_replay_pause_state()") == "paused",
                TimeSpan.FromSeconds(10), "the standby's replay to pause");
        }
    }

    [Fact]
    public async Task Reads_come_from_the_standby_the_writer_reads_its_write_at_once_and_other_replicas_within_a_poll_and_the_lag()
    {
        pods.Writer.RequireEngine();
        await pods.Writer.ReadsFromTheStandbyAsync();
        await pods.Other.ReadsFromTheStandbyAsync();
        var key = await Replicated.EditorKeyAsync(pods.Writer);
        var published = await Replicated.ScoreAsync(pods.Other);
        Assert.Equal(published, await Replicated.ScoreAsync(pods.Writer));

        // The standby stops replaying: from now on it answers with what it held, whatever the primary takes.
        await PauseReplayAsync();
        try
        {
            using var written = await Replicated.ImportAsync(pods.Writer, key, 72.82m);
            var version = await Replicated.WrittenVersionAsync(written);

            // The writer reads its write at once: its replica reads from the primary until the standby has the version.
            Assert.Equal("72.82", await Replicated.ScoreAsync(pods.Writer));
            Assert.False(pods.Writer.State.ReplicaServesReads);

            // Another replica reads the standby, which does not hold the write yet (the primary does).
            Assert.Equal(published, await Replicated.ScoreAsync(pods.Other));
            using (var tagged = await pods.Other.Client.GetAsync(Replicated.DongThap, Ct))
            {
                Assert.DoesNotContain($"\"v{version}-", tagged.Headers.ETag!.Tag, StringComparison.Ordinal);
            }

            // Given the version the write's reply named, any replica answers with it at once, and never with less after.
            Assert.Equal("72.82", await Replicated.ScoreAsync(pods.Other, minVersion: version));
            Assert.True(pods.Other.State.Current >= version);
            Assert.Equal("72.82", await Replicated.ScoreAsync(pods.Other));

            // A correction (PUT with If-Match) is read back at once too, and its reply names the newer version.
            using var current = await pods.Writer.Client.GetAsync(Replicated.DongThap, Ct);
            using var put = new HttpRequestMessage(HttpMethod.Put, Replicated.DongThap)
            {
                Content = System.Net.Http.Json.JsonContent.Create(new { score = 72.84m, rank = 2, source = new { url = "https://example.org/replication-erratum", kind = "publisher" } }),
            };
            put.Headers.Add("X-Api-Key", key);
            put.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
            using var corrected = await pods.Writer.Client.SendAsync(put, Ct);
            Assert.True(await Replicated.WrittenVersionAsync(corrected) > version);
            Assert.Equal("72.84", await Replicated.ScoreAsync(pods.Writer));
        }
        finally
        {
            await ResumeReplayAsync();
        }

        // Both replicas go back to the standby once it has replayed the version they serve.
        await pods.Writer.ReadsFromTheStandbyAsync();
        await pods.Other.ReadsFromTheStandbyAsync();

        await Eventually.HoldsAsync(async () => await Replicated.ScoreAsync(pods.Other) == "72.84", TimeSpan.FromSeconds(5), "the other replica to show the correction");

        // With replay running, another replica sees a write within its poll (500 ms) and the standby's lag.
        using var next = await Replicated.ImportAsync(pods.Writer, key, 72.83m);
        await Replicated.WrittenVersionAsync(next);
        var clock = Stopwatch.StartNew();
        var seen = await Eventually.HoldsAsync(async () => await Replicated.ScoreAsync(pods.Other) == "72.83", TimeSpan.FromSeconds(10), "the other replica to see the write");
        Replicated.Report($"another replica saw the write after {seen.TotalMilliseconds:F0} ms (poll 500 ms + replication lag)");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(2), $"the other replica took {clock.Elapsed.TotalMilliseconds:F0} ms");
        Assert.Equal("72.83", await Replicated.ScoreAsync(pods.Writer));
    }

    [Fact]
    public async Task A_replica_never_answers_older_than_the_version_it_has_seen()
    {
        pods.Writer.RequireEngine();
        await pods.Writer.ReadsFromTheStandbyAsync();
        var key = await Replicated.EditorKeyAsync(pods.Writer);
        // Readers on both replicas while the writer writes five times: each replica's answers only move forward.
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(Ct);
        async Task<List<(long Version, string Score)>> WatchAsync(ReplicatedApp app)
        {
            var seen = new List<(long, string)>();
            while (!stop.IsCancellationRequested)
            {
                // The ranking's ETag carries the data version it was answered at.
                using var response = await app.Client.GetAsync("/api/v1/indices/PCI/results?year=2020&pageSize=100", CancellationToken.None);
                var version = long.Parse(response.Headers.ETag!.Tag.Split('-')[0].TrimStart('"', 'v'), CultureInfo.InvariantCulture);
                var score = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync(CancellationToken.None)).RootElement
                    .GetProperty("results").GetProperty("items").EnumerateArray()
                    .Single(row => row.GetProperty("unit").GetProperty("code").GetString() == "87").GetProperty("score").GetRawText();
                seen.Add((version, score));
                await Task.Delay(5, CancellationToken.None);
            }
            return seen;
        }
        var watchers = new[] { WatchAsync(pods.Writer), WatchAsync(pods.Other) };
        var scores = new List<string>();
        for (var i = 0; i < 5; i++)
        {
            var score = 73.01m + i / 100m;
            using var written = await Replicated.ImportAsync(pods.Writer, key, score);
            await Replicated.WrittenVersionAsync(written);
            scores.Add(score.ToString(CultureInfo.InvariantCulture));
            await Task.Delay(100, Ct);
        }
        await Eventually.HoldsAsync(async () => await Replicated.ScoreAsync(pods.Other) == scores[^1], TimeSpan.FromSeconds(10), "the last write to reach the other replica");
        await stop.CancelAsync();
        foreach (var seen in await Task.WhenAll(watchers))
        {
            Assert.NotEmpty(seen);
            // Scores only ever rise here, as the versions do: an answer older than one already given would fall back.
            var order = seen.Select(s => scores.IndexOf(s.Score)).ToList();
            for (var i = 1; i < seen.Count; i++)
            {
                Assert.True(seen[i].Version >= seen[i - 1].Version, $"version went back: {seen[i - 1]} then {seen[i]}");
                Assert.True(order[i] >= order[i - 1], $"answer went back: {seen[i - 1]} then {seen[i]}");
            }
        }
    }
}

/// <summary>The service on a pair of its own, whose standby the test stops and starts.</summary>
public sealed class OwnedPairApp : IAsyncLifetime
{
    public StreamingPair Pair { get; private set; } = null!;

    public ReplicatedApp App { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        Pair = await StreamingPair.StartAsync(owned: true);
        var database = Pair.Unavailable is null ? await Pair.CreateDatabaseAsync("indexhub_failover") : null;
        App = new ReplicatedApp(() => Pair, () => database);
        await App.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await App.DisposeAsync();
        await Pair.DisposeAsync();
    }
}

public sealed class StandbyOutageTests(OwnedPairApp owned) : IClassFixture<OwnedPairApp>
{
    private static CancellationToken Ct => Replicated.Ct;

    [Fact]
    public async Task With_the_standby_stopped_reads_go_to_the_primary_ready_says_degraded_and_its_return_is_picked_up()
    {
        owned.App.RequireEngine();
        var app = owned.App;
        await app.ReadsFromTheStandbyAsync();
        Assert.Equal("Healthy", await (await app.Client.GetAsync("/health/ready", Ct)).Content.ReadAsStringAsync(Ct));

        await owned.Pair.StandbyServer.StopServerAsync();
        // Uncached reads (a new date each) are answered, from the primary.
        for (var day = 1; day <= 5; day++)
        {
            using var read = await app.Client.GetAsync($"/api/v1/provinces/92?asOf=2025-08-{day:00}", Ct);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
        await Eventually.HoldsAsync(async () =>
        {
            using var ready = await app.Client.GetAsync("/health/ready", Ct);
            return ready.StatusCode == HttpStatusCode.OK && await ready.Content.ReadAsStringAsync(Ct) == "Degraded";
        }, TimeSpan.FromSeconds(10), "/health/ready to say Degraded with a 200");
        // Writes go on, and their reader sees them.
        var key = await Replicated.EditorKeyAsync(app);
        using (var written = await Replicated.ImportAsync(app, key, 72.91m))
        {
            await Replicated.WrittenVersionAsync(written);
        }
        Assert.Equal("72.91", await Replicated.ScoreAsync(app));

        // The standby returns, catches up, and the service reads from it again without a restart.
        var clock = Stopwatch.StartNew();
        await owned.Pair.StandbyServer.StartServerAsync();
        await app.ReadsFromTheStandbyAsync();
        Replicated.Report($"reads back on the standby {clock.Elapsed.TotalMilliseconds:F0} ms after it was started");
        await Eventually.HoldsAsync(async () => await (await app.Client.GetAsync("/health/ready", Ct)).Content.ReadAsStringAsync(Ct) == "Healthy",
            TimeSpan.FromSeconds(10), "/health/ready to say Healthy again");
        Assert.Equal("72.91", await Replicated.ScoreAsync(app));
        using var after = await app.Client.GetAsync("/api/v1/provinces/92?asOf=2025-08-20", Ct);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }
}

public sealed class PrimaryFailoverTests(OwnedPairApp owned) : IClassFixture<OwnedPairApp>
{
    private static CancellationToken Ct => Replicated.Ct;

    [Fact]
    public async Task With_the_primary_stopped_reads_go_on_writes_get_503_and_once_the_standby_is_promoted_writes_succeed_without_a_restart()
    {
        owned.App.RequireEngine();
        var app = owned.App;
        await app.ReadsFromTheStandbyAsync();
        var key = await Replicated.EditorKeyAsync(app);
        // The key is on the standby too before the primary goes.
        await owned.Pair.WaitForReplayAsync();

        await owned.Pair.PrimaryServer.StopServerAsync();
        for (var day = 1; day <= 3; day++)
        {
            using var read = await app.Client.GetAsync($"/api/v1/provinces/92?asOf=2025-09-{day:00}", Ct);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        }
        using (var refused = await Replicated.ImportAsync(app, key, 72.95m))
        {
            var body = await refused.Content.ReadAsStringAsync(Ct);
            Assert.True(refused.StatusCode == HttpStatusCode.ServiceUnavailable, $"{(int)refused.StatusCode}: {body}");
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
            Assert.Contains("primary", body, StringComparison.Ordinal);
            Assert.DoesNotContain("Npgsql", body, StringComparison.Ordinal);
        }
        await Eventually.HoldsAsync(async () =>
        {
            using var ready = await app.Client.GetAsync("/health/ready", Ct);
            return ready.StatusCode == HttpStatusCode.OK && await ready.Content.ReadAsStringAsync(Ct) == "Degraded";
        }, TimeSpan.FromSeconds(10), "/health/ready to say Degraded with a 200");

        // Promotion: the standby becomes the primary, and the same connection strings find it.
        await owned.Pair.StandbyServer.PromoteAsync();
        var clock = Stopwatch.StartNew();
        long version = 0;
        await Eventually.HoldsAsync(async () =>
        {
            using var written = await Replicated.ImportAsync(app, key, 72.95m);
            if (written.StatusCode == HttpStatusCode.ServiceUnavailable)
            {
                return false;
            }
            version = await Replicated.WrittenVersionAsync(written);
            return true;
        }, TimeSpan.FromSeconds(30), "a write to succeed after the promotion");
        Replicated.Report($"first successful write {clock.Elapsed.TotalMilliseconds:F0} ms after pg_ctl promote returned");
        Assert.Equal("72.95", await Replicated.ScoreAsync(app));
        Assert.True(app.State.Current >= version);
    }
}

public sealed class DataVersionRegressionTests(PostgresApp app) : IClassFixture<PostgresApp>
{
    [Fact]
    public async Task A_data_version_the_database_no_longer_holds_is_given_up_within_two_polls()
    {
        app.RequireEngine();
        var state = app.Services.GetRequiredService<DataVersionState>();
        var held = state.Current;
        Assert.True(held > 0);
        // As after a failover that lost the last writes: this replica has seen versions the new primary never had.
        state.Observe(held + 1000);
        var waited = await Eventually.HoldsAsync(() => Task.FromResult(state.Current == held), TimeSpan.FromSeconds(10), "the replica to go back to the database's version");
        Replicated.Report($"went back to the database's version after {waited.TotalMilliseconds:F0} ms");
        using var read = await app.Client.GetAsync("/api/v1/indices/PCI/results?year=2020", Replicated.Ct);
        Assert.Equal(HttpStatusCode.OK, read.StatusCode);
        Assert.StartsWith($"\"v{held}-", read.Headers.ETag!.Tag, StringComparison.Ordinal);
    }
}
