using System.Net;
using System.Text;
using IndexHub.ApiTests.Infrastructure;

namespace IndexHub.ApiTests;

/// <summary>A host with tight limits, to see each limit refuse with a 4xx that names it.</summary>
public sealed class TightLimitsApp : IndexHubApp
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"indexhub-tight-{Guid.NewGuid():N}.db");

    public override IndexHub.Api.Persistence.DatabaseProvider Provider => IndexHub.Api.Persistence.DatabaseProvider.Sqlite;

    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>($"Data Source={_path};Pooling=False");

    protected override IEnumerable<KeyValuePair<string, string?>> Settings() =>
    [
        new("Limits:ReadsPerMinute", "5"),
        new("Limits:MaxQueryStringLength", "200"),
        new("Telemetry:Prometheus", "true"),
    ];

    protected override void CleanUp() => File.Delete(_path);
}

public sealed class HardeningTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_response_carries_the_security_headers()
    {
        foreach (var url in new[] { "/api/v1/regions", "/api/v1/nope", "/health/live" })
        {
            using var response = await app.Client.GetAsync(url, Ct);
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
            Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        }
    }

    [Fact]
    public async Task A_wrong_method_is_405_problem_details()
    {
        using var response = await app.Client.PostAsync("/api/v1/regions", new StringContent("{}", Encoding.UTF8, "application/json"), Ct);
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Health_says_live_and_ready()
    {
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/live", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/health/ready", Ct)).StatusCode);
    }

    [Fact]
    public async Task Csv_cells_that_a_spreadsheet_would_run_are_neutralised()
    {
        Assert.Equal("'=HYPERLINK(\"x\")", IndexHub.Api.Infrastructure.CsvExport.Neutralise("=HYPERLINK(\"x\")"));
        Assert.Equal("'@SUM(A1)", IndexHub.Api.Infrastructure.CsvExport.Neutralise("@SUM(A1)"));
        Assert.Equal("'+cmd", IndexHub.Api.Infrastructure.CsvExport.Neutralise("+cmd"));
        Assert.Equal("-13", IndexHub.Api.Infrastructure.CsvExport.Neutralise("-13"));
        // Negative changes stay numbers in a real table.
        var csv = await app.Client.GetStringAsync("/api/v1/indices/PAPI/results?year=2022&format=csv", Ct);
        Assert.Contains(",-13,", csv, StringComparison.Ordinal);
    }
}

public sealed class TightLimitsTests(TightLimitsApp app) : IClassFixture<TightLimitsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Limits_refuse_with_a_problem_naming_the_limit()
    {
        var longQuery = await app.Client.GetProblemAsync("/api/v1/provinces?q=" + new string('a', 300), HttpStatusCode.RequestUriTooLong);
        Assert.Contains("Limits:MaxQueryStringLength", longQuery.Str("detail"), StringComparison.Ordinal);

        // The metrics endpoint is not rate limited; reads are, per client.
        Assert.Contains("http_server", await app.Client.GetStringAsync("/metrics", Ct), StringComparison.Ordinal);
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            var response = await app.Client.GetAsync($"/api/v1/provinces?page={i + 1}", Ct);
            if (response.StatusCode == HttpStatusCode.TooManyRequests)
            {
                limited = response;
            }
        }
        Assert.NotNull(limited);
        Assert.True(limited.Headers.RetryAfter is not null);
        var body = await limited.Content.ReadAsStringAsync(Ct);
        Assert.Contains("Limits:ReadsPerMinute", body, StringComparison.Ordinal);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
    }
}
