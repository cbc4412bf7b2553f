using System.Net;
using System.Text;
using System.Collections.Concurrent;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Features.Keys;
using IndexHub.ApiTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

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
        new("Limits:MaxPageSize", "10"),
        new("Limits:MaxCompareUnits", "2"),
        new("Imports:MaxBodyBytes", "2000"),
        new("Imports:MaxRows", "3"),
        new("Logging:LogLevel:Default", "Debug"),
    ];

    /// <summary>Every log message the host writes, at every level.</summary>
    public ConcurrentQueue<string> Logs { get; } = new();

    protected override void ConfigureServices(IServiceCollection services) =>
        services.AddSingleton<ILoggerProvider>(new CapturingLoggerProvider(Logs));

    protected override void CleanUp() => File.Delete(_path);

    private sealed class CapturingLoggerProvider(ConcurrentQueue<string> logs) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Capture(logs);

        public void Dispose()
        {
        }

        private sealed class Capture(ConcurrentQueue<string> logs) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                logs.Enqueue(formatter(state, exception) + exception);
        }
    }
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
            Assert.Matches(@"^1\.0\.0(\+.+)?$", response.Headers.GetValues("IndexHub-Version").Single());
            // The read limit the fixture configures, as the contract documents on every answer.
            Assert.Equal("1000000", response.Headers.GetValues("X-RateLimit-Limit").Single());
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
    public async Task Page_size_and_compare_units_are_configurable_limits()
    {
        var page = await app.Client.GetProblemAsync("/api/v1/provinces?pageSize=11", HttpStatusCode.BadRequest, "pageSize");
        Assert.Contains("Limits:MaxPageSize", page.GetProperty("errors").GetProperty("pageSize")[0].GetString(), StringComparison.Ordinal);
        var compare = await app.Client.GetProblemAsync("/api/v1/compare?index=PAPI&units=79,01,92", HttpStatusCode.BadRequest, "units");
        Assert.Contains("Limits:MaxCompareUnits", compare.GetProperty("errors").GetProperty("units")[0].GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_size_and_rows_are_limited()
    {
        await using var scope = app.CreateScope();
        var key = (await scope.ServiceProvider.GetRequiredService<ISender>().Send(new CreateKey.Command("limits", "editor", Author.CommandLine()), Ct)).Secret;
        async Task<HttpResponseMessage> PostAsync(string csv)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/indices/PCI/imports?year=2020&sourceUrl=https%3A%2F%2Fexample.org&sourceKind=press")
            {
                Content = new StringContent(csv, Encoding.UTF8, "text/csv"),
            };
            request.Headers.Add("X-Api-Key", key);
            return await app.Client.SendAsync(request, Ct);
        }
        using var large = await PostAsync("unit,score\n" + string.Concat(Enumerable.Repeat("Quảng Ninh,75.09\n", 200)));
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, large.StatusCode);
        Assert.Equal("application/problem+json", large.Content.Headers.ContentType?.MediaType);
        using var many = await PostAsync("unit,score\n01,1\n02,1\n04,1\n06,1\n");
        Assert.Equal(HttpStatusCode.BadRequest, many.StatusCode);
        Assert.Contains("Imports:MaxRows", await many.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Keys_never_reach_the_logs()
    {
        await using var scope = app.CreateScope();
        var secret = (await scope.ServiceProvider.GetRequiredService<ISender>()
            .Send(new CreateKey.Command("log test", "editor", Author.CommandLine()), Ct)).Secret;
        foreach (var key in new[] { secret, secret + "x" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/indices/PCI/imports?year=2020&sourceUrl=https%3A%2F%2Fexample.org&sourceKind=press")
            {
                Content = new StringContent("unit,score\nAtlantis,1\n", Encoding.UTF8, "text/csv"),
            };
            request.Headers.Add("X-Api-Key", key);
            using var response = await app.Client.SendAsync(request, Ct);
        }
        Assert.NotEmpty(app.Logs);
        Assert.DoesNotContain(app.Logs, line => line.Contains(secret, StringComparison.Ordinal));
    }

    [Fact]
    public async Task Limits_refuse_with_a_problem_naming_the_limit()
    {
        var longQuery = await app.Client.GetProblemAsync("/api/v1/provinces?q=" + new string('a', 300), HttpStatusCode.RequestUriTooLong);
        Assert.Contains("Limits:MaxQueryStringLength", longQuery.Str("detail"), StringComparison.Ordinal);

        // The metrics endpoint is not rate limited; reads are, per client: here a key of its own, so other tests keep their quota.
        Assert.Contains("http_server", await app.Client.GetStringAsync("/metrics", Ct), StringComparison.Ordinal);
        await using var scope = app.CreateScope();
        var key = (await scope.ServiceProvider.GetRequiredService<ISender>().Send(new CreateKey.Command("rate test", "reader", Author.CommandLine()), Ct)).Secret;
        HttpResponseMessage? limited = null;
        for (var i = 0; i < 10 && limited is null; i++)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, $"/api/v1/provinces?page={i + 1}");
            request.Headers.Add("X-Api-Key", key);
            var response = await app.Client.SendAsync(request, Ct);
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
