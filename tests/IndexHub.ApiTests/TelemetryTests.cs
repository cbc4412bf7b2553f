using System.Net;
using System.Diagnostics;
using IndexHub.ApiTests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Trace;

namespace IndexHub.ApiTests;

/// <summary>The service on PostgreSQL with an in-memory exporter added to its own tracer provider.</summary>
public sealed class TelemetryApp(PostgresServer server) : PostgresApp(server)
{
    /// <summary>Every span the service's tracer provider exported.</summary>
    public List<Activity> Exported { get; } = [];

    // No server cache: a repeated read either reaches the database or is answered by its ETag alone.
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Http:ServerCacheSeconds", "0"), new("Telemetry:Tracing", "true")];

    protected override void ConfigureServices(IServiceCollection services) =>
        services.ConfigureOpenTelemetryTracerProvider(tracing => tracing.AddInMemoryExporter(Exported));

    public Activity[] Snapshot()
    {
        lock (Exported)
        {
            return [.. Exported];
        }
    }
}

public sealed class TelemetryTests(TelemetryApp app) : IClassFixture<TelemetryApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_request_is_exported_as_a_server_span_with_its_database_spans()
    {
        app.RequireEngine();
        // A ranking reads its results from the database (the server cache is off here).
        // The caller's W3C trace context: the service's spans must join this trace.
        var traceId = ActivityTraceId.CreateRandom();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/indices/PAPI/results?year=2022");
        request.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        using var response = await app.Client.SendAsync(request, Ct);
        Assert.True(response.IsSuccessStatusCode);

        // Spans are exported when they end, which may be just after the client has read the response.
        Activity? server = null;
        Activity[] database = [];
        for (var attempt = 0; attempt < 100 && (server is null || database.Length == 0); attempt++)
        {
            var spans = app.Snapshot();
            server = spans.FirstOrDefault(span => span.Source.Name == "Microsoft.AspNetCore" && span.TraceId == traceId);
            database = server is null ? [] : [.. spans.Where(span => span.Source.Name == "Npgsql" && span.TraceId == server.TraceId)];
            if (server is null || database.Length == 0)
            {
                await Task.Delay(50, Ct);
            }
        }

        Assert.NotNull(server);
        Assert.Equal(ActivityKind.Server, server.Kind);
        Assert.Equal(200, Convert.ToInt32(server.GetTagItem("http.response.status_code"), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("/api/v1/indices/PAPI/results", server.GetTagItem("url.path"));
        Assert.NotEmpty(database);
        Assert.All(database, span => Assert.Equal(server.SpanId, span.ParentSpanId));
    }

    [Fact]
    public async Task A_304_from_the_data_version_costs_no_database_call()
    {
        app.RequireEngine();
        const string url = "/api/v1/indices/PAPI/results?year=2021";
        using var first = await app.Client.GetAsync(url, Ct);
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);

        var traceId = ActivityTraceId.CreateRandom();
        using var conditional = new HttpRequestMessage(HttpMethod.Get, url);
        conditional.Headers.Add("traceparent", $"00-{traceId}-{ActivitySpanId.CreateRandom()}-01");
        conditional.Headers.IfNoneMatch.Add(first.Headers.ETag!);
        using var response = await app.Client.SendAsync(conditional, Ct);
        Assert.Equal(HttpStatusCode.NotModified, response.StatusCode);

        Activity? server = null;
        for (var attempt = 0; attempt < 100 && server is null; attempt++)
        {
            server = app.Snapshot().FirstOrDefault(span => span.Source.Name == "Microsoft.AspNetCore" && span.TraceId == traceId);
            await Task.Delay(server is null ? 50 : 200, Ct);
        }
        Assert.NotNull(server);
        Assert.DoesNotContain(app.Snapshot(), span => span.Source.Name == "Npgsql" && span.TraceId == traceId);
    }

    [Fact]
    public async Task Health_probes_are_not_traced()
    {
        app.RequireEngine();
        using var response = await app.Client.GetAsync("/health/live", Ct);
        await Task.Delay(200, Ct);
        Assert.DoesNotContain(app.Snapshot(), span => span.Source.Name == "Microsoft.AspNetCore"
            && span.GetTagItem("url.path") is "/health/live");
    }
}
