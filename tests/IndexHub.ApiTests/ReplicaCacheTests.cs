using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Features.Keys;
using IndexHub.ApiTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace IndexHub.ApiTests;

/// <summary>A replica of the service on a database another replica shares.</summary>
public sealed class ReplicaOf(Func<string?> connectionString) : IndexHubApp
{
    public override IndexHub.Api.Persistence.DatabaseProvider Provider => IndexHub.Api.Persistence.DatabaseProvider.Postgres;

    protected override Task<string?> ConnectionStringAsync()
    {
        var shared = connectionString();
        Unavailable = shared is null ? "no PostgreSQL" : null;
        return Task.FromResult(shared);
    }
}

/// <summary>Two replicas of the service on one PostgreSQL database, each with its own in-memory cache.</summary>
public sealed class TwoReplicas(PostgresServer server) : IAsyncLifetime
{
    private string? _database;

    public ReplicaOf First { get; private set; } = null!;

    public ReplicaOf Second { get; private set; } = null!;

    public async ValueTask InitializeAsync()
    {
        _database = server.ConnectionString is null ? null : await server.CreateDatabaseAsync("indexhub_replicas");
        First = new ReplicaOf(() => _database);
        await First.InitializeAsync();
        Second = new ReplicaOf(() => _database);
        await Second.InitializeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        await Second.DisposeAsync();
        await First.DisposeAsync();
    }
}

public sealed class ReplicaCacheTests(TwoReplicas replicas) : IClassFixture<TwoReplicas>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_write_on_one_replica_retires_the_other_replicas_cached_answers_and_etags()
    {
        replicas.First.RequireEngine();
        const string ranking = "/api/v1/indices/PAPI/results?year=2020&pageSize=100&include=sources";
        const string haTinh = "/api/v1/indices/PAPI/results/2020/42";

        // The second replica answers and caches the ranking; its ETag then gets 304s.
        using var first = await replicas.Second.Client.GetAsync(ranking, Ct);
        var before = first.Headers.ETag!;
        Assert.Equal("45.0052", Score(await first.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>(Ct)));
        using (var again = new HttpRequestMessage(HttpMethod.Get, ranking))
        {
            again.Headers.IfNoneMatch.Add(before);
            Assert.Equal(HttpStatusCode.NotModified, (await replicas.Second.Client.SendAsync(again, Ct)).StatusCode);
        }

        // The first replica corrects Hà Tĩnh.
        string secret;
        await using (var scope = replicas.First.CreateScope())
        {
            secret = (await scope.ServiceProvider.GetRequiredService<ISender>()
                .Send(new CreateKey.Command($"replica {Guid.NewGuid():N}", "Editor", Author.CommandLine()), Ct)).Secret;
        }
        using var read = await replicas.First.Client.GetAsync(haTinh, Ct);
        using var put = new HttpRequestMessage(HttpMethod.Put, haTinh)
        {
            Content = JsonContent.Create(new { score = 45.1111m, rank = 5, source = new { url = "https://example.org/papi-2020-erratum", kind = "publisher" } }),
        };
        put.Headers.Add("X-Api-Key", secret);
        put.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.OK, (await replicas.First.Client.SendAsync(put, Ct)).StatusCode);
        // Timed from the write's answer: the write itself may be slow on a busy machine; what is bounded is the polling.
        var clock = Stopwatch.StartNew();

        // The second replica notices by itself (it polls the data version every 500 ms).
        string score;
        do
        {
            await Task.Delay(50, Ct);
            score = Score(await replicas.Second.Client.GetJsonAsync(ranking));
        }
        while (score != "45.1111" && clock.Elapsed < TimeSpan.FromSeconds(10));
        Assert.Equal("45.1111", score);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(3), $"the other replica took {clock.Elapsed.TotalMilliseconds:F0} ms to see the write");
        // The source the write added is named there too: the other replica's reference catalogue was read again.
        var row = (await replicas.Second.Client.GetJsonAsync(ranking)).GetProperty("results").GetProperty("items").EnumerateArray()
            .Single(item => item.GetProperty("unit").GetProperty("code").GetString() == "42");
        Assert.Contains(row.GetProperty("sources").EnumerateArray(),
            source => source.GetProperty("source").GetProperty("url").GetString() == "https://example.org/papi-2020-erratum");

        // The old ETag no longer matches; the new one does.
        using var stale = new HttpRequestMessage(HttpMethod.Get, ranking);
        stale.Headers.IfNoneMatch.Add(before);
        using var fresh = await replicas.Second.Client.SendAsync(stale, Ct);
        Assert.Equal(HttpStatusCode.OK, fresh.StatusCode);
        Assert.NotEqual(before, fresh.Headers.ETag);
        using var current = new HttpRequestMessage(HttpMethod.Get, ranking);
        current.Headers.IfNoneMatch.Add(fresh.Headers.ETag!);
        Assert.Equal(HttpStatusCode.NotModified, (await replicas.Second.Client.SendAsync(current, Ct)).StatusCode);
    }

    private static string Score(System.Text.Json.JsonElement ranking) =>
        ranking.GetProperty("results").GetProperty("items").EnumerateArray()
            .Single(row => row.GetProperty("unit").GetProperty("code").GetString() == "42")
            .GetProperty("score").GetRawText();
}
