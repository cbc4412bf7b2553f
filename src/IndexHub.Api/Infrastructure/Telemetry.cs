using System.ComponentModel.DataAnnotations;
using Npgsql;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace IndexHub.Api.Infrastructure;

/// <summary>The <c>Telemetry</c> configuration section.</summary>
public sealed class TelemetryOptions : IValidatableObject
{
    public const string Section = "Telemetry";

    /// <summary>Where traces and metrics are exported over OTLP (http://collector:4317); empty: nowhere.</summary>
    public string? OtlpEndpoint { get; set; }

    /// <summary>Serve the metrics at /metrics for Prometheus to scrape.</summary>
    public bool Prometheus { get; set; }

    /// <summary>Make spans without an OTLP endpoint (for a collector added in code, or tests).</summary>
    public bool Tracing { get; set; }

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(OtlpEndpoint) && !(Uri.TryCreate(OtlpEndpoint, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https"))
        {
            yield return new ValidationResult($"Telemetry:OtlpEndpoint '{OtlpEndpoint}' is not an http(s) URL (http://collector:4317), nor empty.", [nameof(OtlpEndpoint)]);
        }
    }
}

/// <summary>
/// OpenTelemetry traces and metrics for ASP.NET Core, the runtime and the database.
/// <c>Telemetry:OtlpEndpoint</c> exports both over OTLP; <c>Telemetry:Prometheus=true</c> serves /metrics;
/// <c>Telemetry:Tracing=true</c> makes spans without an OTLP endpoint (for a collector added in code, or tests).
/// </summary>
public static class Telemetry
{
    public static IServiceCollection AddIndexHubTelemetry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<TelemetryOptions>(TelemetryOptions.Section);
        // Which exporters and instrumentation there are is decided here, before there is a container to ask.
        var options = configuration.ReadSettings<TelemetryOptions>(TelemetryOptions.Section);
        var otlp = options.OtlpEndpoint;
        var prometheus = options.Prometheus;
        // Spans cost on every request: they are made only where something receives them.
        var tracing = !string.IsNullOrWhiteSpace(otlp) || options.Tracing;
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
        if (app.Services.GetRequiredService<TelemetryOptions>().Prometheus)
        {
            app.MapPrometheusScrapingEndpoint("/metrics").DisableRateLimiting();
        }
    }
}
