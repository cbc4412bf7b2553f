using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IndexHub.Api.Infrastructure;

/// <summary>
/// OpenTelemetry traces and metrics for ASP.NET Core, the runtime and the database.
/// <c>Telemetry:OtlpEndpoint</c> exports both over OTLP; <c>Telemetry:Prometheus=true</c> serves /metrics;
/// <c>Telemetry:Tracing=true</c> makes spans without an OTLP endpoint (for a collector added in code, or tests).
/// </summary>
public static class Telemetry
{
    public static IServiceCollection AddIndexHubTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        var otlp = configuration["Telemetry:OtlpEndpoint"];
        var prometheus = configuration.GetValue("Telemetry:Prometheus", false);
        // Spans cost on every request: they are made only where something receives them.
        var tracing = !string.IsNullOrWhiteSpace(otlp) || configuration.GetValue("Telemetry:Tracing", false);
        var telemetry = services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService("indexhub", serviceVersion: ServiceVersion.Current));
        if (tracing)
        {
            telemetry.WithTracing(tracing =>
            {
                tracing.AddAspNetCoreInstrumentation(o => o.Filter = http => !http.Request.Path.StartsWithSegments("/health"))
                    .AddNpgsql();
                if (!string.IsNullOrWhiteSpace(otlp))
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
                }
            });
        }
        telemetry
            .WithMetrics(metrics =>
            {
                metrics.AddAspNetCoreInstrumentation().AddRuntimeInstrumentation().AddMeter("Npgsql");
                if (!string.IsNullOrWhiteSpace(otlp))
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = new Uri(otlp));
                }
                if (prometheus)
                {
                    metrics.AddPrometheusExporter();
                }
            });
        return services;
    }

    public static void MapIndexHubMetrics(this WebApplication app)
    {
        if (app.Configuration.GetValue("Telemetry:Prometheus", false))
        {
            app.MapPrometheusScrapingEndpoint("/metrics").DisableRateLimiting();
        }
    }
}
