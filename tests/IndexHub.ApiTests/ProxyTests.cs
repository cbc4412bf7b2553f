using System.Net;
using IndexHub.ApiTests.Infrastructure;

namespace IndexHub.ApiTests;

/// <summary>The service behind a TLS-terminating reverse proxy: forwarded headers and HSTS on.</summary>
public sealed class ProxyApp : IndexHubApp
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"indexhub-proxy-{Guid.NewGuid():N}.db");

    public override IndexHub.Api.Persistence.DatabaseProvider Provider => IndexHub.Api.Persistence.DatabaseProvider.Sqlite;

    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>($"Data Source={_path};Pooling=False");

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Proxy:ForwardedHeaders", "true"),
        new("Proxy:Hsts", "true"),
        new("Limits:ReadsPerMinute", "2"),
    ];

    protected override void CleanUp() => File.Delete(_path);
}

public sealed class ProxyTests(ProxyApp app) : IClassFixture<ProxyApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private async Task<HttpResponseMessage> GetAsync(string forwardedFor)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/regions");
        request.Headers.Host = "api.indexhub.example.gov.vn";
        request.Headers.Add("X-Forwarded-For", forwardedFor);
        request.Headers.Add("X-Forwarded-Proto", "https");
        return await app.Client.SendAsync(request, Ct);
    }

    [Fact]
    public async Task Clients_are_told_apart_by_their_forwarded_address_and_https_gets_hsts()
    {
        var first = await GetAsync("203.0.113.7");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.True(first.Headers.Contains("Strict-Transport-Security"));
        await GetAsync("203.0.113.7");
        Assert.Equal(HttpStatusCode.TooManyRequests, (await GetAsync("203.0.113.7")).StatusCode);
        // Another client behind the same proxy keeps its own quota.
        Assert.Equal(HttpStatusCode.OK, (await GetAsync("198.51.100.9")).StatusCode);
    }
}
