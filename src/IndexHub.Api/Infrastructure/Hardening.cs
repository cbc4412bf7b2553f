using System.ComponentModel.DataAnnotations;
using System.Net;
using System.Threading.RateLimiting;
using IndexHub.Api.Features.Keys;
using IndexHub.Api.Persistence;
using Microsoft.AspNetCore.Cors.Infrastructure;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Net.Http.Headers;

namespace IndexHub.Api.Infrastructure;

/// <summary>The <c>Limits</c> configuration section: each refusal is a 4xx naming the limit.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Limits";

    /// <summary>Largest page of any list; the contract promises no list longer than <see cref="ContractRules.MaxListLength"/>.</summary>
    [Range(1, ContractRules.MaxListLength)]
    public int MaxPageSize { get; set; } = CommonRules.MaxPageSize;

    /// <summary>Most units in one compare.</summary>
    [Range(1, 1000)]
    public int MaxCompareUnits { get; set; } = 20;

    /// <summary>Longest query string accepted (414 beyond).</summary>
    [Range(1, 65_536)]
    public int MaxQueryStringLength { get; set; } = 2048;

    /// <summary>Requests per minute per client (key, else address) for reads.</summary>
    [Range(1, int.MaxValue)]
    public int ReadsPerMinute { get; set; } = 1200;

    /// <summary>Requests per minute per client for writes (POST, PUT, DELETE).</summary>
    [Range(1, int.MaxValue)]
    public int WritesPerMinute { get; set; } = 60;
}

/// <summary>The <c>Shutdown</c> section.</summary>
public sealed class ShutdownOptions
{
    public const string Section = "Shutdown";

    /// <summary>How long in-flight requests get to finish once the service is asked to stop.</summary>
    [Range(0, 3600)]
    public int TimeoutSeconds { get; set; } = 30;
}

/// <summary>The <c>Cors</c> section: which browser origins may read the API.</summary>
public sealed class CrossOriginOptions : IValidatableObject
{
    public const string Section = "Cors";

    /// <summary>Origins (scheme, host and port, as a browser sends them: https://portal.example.gov.vn), or "*" for any.</summary>
    public string[] AllowedOrigins { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext) =>
        AllowedOrigins
            .Where(o => o != "*" && !(Uri.TryCreate(o, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" && uri.AbsolutePath == "/" && uri.Query.Length == 0 && !o.EndsWith('/')))
            .Select(o => new ValidationResult($"Cors:AllowedOrigins holds '{o}', which is not an origin (https://host[:port], no path) or \"*\".", [nameof(AllowedOrigins)]));
}

/// <summary>The <c>Proxy</c> section: running behind a reverse proxy.</summary>
public sealed class ProxyOptions
{
    public const string Section = "Proxy";

    /// <summary>Honour X-Forwarded-For and X-Forwarded-Proto.</summary>
    public bool ForwardedHeaders { get; set; }

    /// <summary>Send Strict-Transport-Security (only when the proxy terminates TLS).</summary>
    public bool Hsts { get; set; }
}

public static class Hardening
{
    public const string ReadyTag = "ready";

    public static IServiceCollection AddIndexHubHardening(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSettings<LimitsOptions>(LimitsOptions.Section);
        services.AddSettings<ProxyOptions>(ProxyOptions.Section);
        services.AddSettings<ShutdownOptions>(ShutdownOptions.Section);
        services.Configure<ForwardedHeadersOptions>(o =>
        {
            o.ForwardedHeaders = Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedFor | Microsoft.AspNetCore.HttpOverrides.ForwardedHeaders.XForwardedProto;
            // The proxy in front is the deployment's; its address is not known here.
            o.KnownIPNetworks.Clear();
            o.KnownProxies.Clear();
        });
        services.AddOptions<HostOptions>().Configure<ShutdownOptions>((o, shutdown) => o.ShutdownTimeout = TimeSpan.FromSeconds(shutdown.TimeoutSeconds));

        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<LimitsOptions>((options, limits) =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(http => RateLimitPartition.GetFixedWindowLimiter(
                    "read:" + Client(http), _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.ReadsPerMinute, Window = TimeSpan.FromMinutes(1) })),
                PartitionedRateLimiter.Create<HttpContext, string>(http => IsWrite(http)
                    ? RateLimitPartition.GetFixedWindowLimiter("write:" + Client(http), _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.WritesPerMinute, Window = TimeSpan.FromMinutes(1) })
                    : RateLimitPartition.GetNoLimiter("read")));
            options.OnRejected = async (context, ct) =>
            {
                var retry = context.Lease.TryGetMetadata(MetadataName.RetryAfter, out var after) ? (int)Math.Ceiling(after.TotalSeconds) : 60;
                context.HttpContext.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                context.HttpContext.Response.Headers.RetryAfter = retry.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await context.HttpContext.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context.HttpContext,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status429TooManyRequests,
                        Title = "Too many requests.",
                        Detail = IsWrite(context.HttpContext)
                            ? $"At most {limits.WritesPerMinute} writes a minute per client (Limits:WritesPerMinute); retry after {retry} s."
                            : $"At most {limits.ReadsPerMinute} requests a minute per client (Limits:ReadsPerMinute); retry after {retry} s.",
                    },
                });
            };
        });

        var health = services.AddHealthChecks().AddCheck<DatabaseReadyCheck>("database", tags: [ReadyTag]);
        if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("IndexHubRead")))
        {
            health.AddCheck<ReplicationHealthCheck>("replication", tags: [ReadyTag]);
        }
        return services;
    }

    /// <summary>Browsers may read (GET, HEAD) from the origins in Cors:AllowedOrigins.</summary>
    public static IServiceCollection AddIndexHubCors(this IServiceCollection services)
    {
        services.AddSettings<CrossOriginOptions>(CrossOriginOptions.Section);
        services.AddCors();
        services.AddOptions<CorsOptions>().Configure<CrossOriginOptions>((options, cors) => options.AddDefaultPolicy(policy =>
            policy.WithOrigins(cors.AllowedOrigins)
                .WithMethods("GET", "HEAD", "OPTIONS")
                .AllowAnyHeader()
                // Without these a dashboard's script cannot read the validators, retry hints or version it is sent.
                .WithExposedHeaders("ETag", "Retry-After", "Content-Disposition", ServiceVersion.Header, DataVersionHeaders.ResponseHeader)));
        return services;
    }

    /// <summary>
    /// A client is its key once the key is verified (the limiter runs after authentication), else its address: a random
    /// key sent by a client that is limited must not buy it a fresh allowance.
    /// </summary>
    private static string Client(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && http.User.FindFirst(ApiKeyAuthenticationHandler.KeyIdClaim)?.Value is { } keyId
            ? "key:" + keyId
            : "ip:" + (http.Connection.RemoteIpAddress ?? IPAddress.Loopback);

    private static bool IsWrite(HttpContext http) => !HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !HttpMethods.IsOptions(http.Request.Method);

    public static void UseIndexHubHardening(this WebApplication app)
    {
        var proxy = app.Services.GetRequiredService<ProxyOptions>();
        var limits = app.Services.GetRequiredService<LimitsOptions>();
        if (proxy.ForwardedHeaders)
        {
            app.UseForwardedHeaders();
        }
        if (proxy.Hsts)
        {
            app.UseHsts();
        }
        var readLimit = limits.ReadsPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var writeLimit = limits.WritesPerMinute.ToString(System.Globalization.CultureInfo.InvariantCulture);
        void Secure(HttpContext context)
        {
            var headers = context.Response.Headers;
            headers.XContentTypeOptions = "nosniff";
            headers.XFrameOptions = "DENY";
            headers["Referrer-Policy"] = "no-referrer";
            headers[ServiceVersion.Header] = ServiceVersion.Current;
            headers[ContractRules.RateLimitHeader] = IsWrite(context) ? writeLimit : readLimit;
        }
        app.Use(async (context, next) =>
        {
            Secure(context);
            // The exception handler clears the headers of an answer it replaces (400, 422, 500): they are put back as it
            // starts. An answer that kept them (a page that may be framed removed X-Frame-Options on purpose) is left alone.
            context.Response.OnStarting(() =>
            {
                if (!context.Response.Headers.ContainsKey(HeaderNames.XContentTypeOptions))
                {
                    Secure(context);
                }
                return Task.CompletedTask;
            });
            if (context.Request.QueryString.Value is { } query && query.Length > limits.MaxQueryStringLength)
            {
                context.Response.StatusCode = StatusCodes.Status414UriTooLong;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new ProblemDetails
                    {
                        Status = StatusCodes.Status414UriTooLong,
                        Title = "The query string is too long.",
                        Detail = $"At most {limits.MaxQueryStringLength} characters (Limits:MaxQueryStringLength).",
                    },
                });
                return;
            }
            // A NUL is never part of a name, code or date, and PostgreSQL text cannot hold one.
            // (Looked for in the raw query first: parsing every query string to find none would cost every request.)
            var withNul = context.Request.QueryString.Value?.Contains("%00", StringComparison.Ordinal) != true
                ? default
                : context.Request.Query.FirstOrDefault(q => q.Value.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true));
            if (withNul.Key is not null)
            {
                context.Response.StatusCode = StatusCodes.Status400BadRequest;
                await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = new HttpValidationProblemDetails(new Dictionary<string, string[]> { [withNul.Key] = ["must not contain a NUL character."] })
                    {
                        Status = StatusCodes.Status400BadRequest,
                        Title = "One or more parameters are invalid.",
                    },
                });
                return;
            }
            await next(context);
        });
    }

    public static void MapIndexHubHealth(this WebApplication app)
    {
        app.MapHealthChecks("/health/live", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = _ => false })
            .DisableRateLimiting();
        app.MapHealthChecks("/health/ready", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions { Predicate = c => c.Tags.Contains(ReadyTag) })
            .DisableRateLimiting();
    }
}

/// <summary>
/// Ready when the database answers and every migration is applied. With a read replica, when either the replica or
/// the primary does: the pod can still serve (<see cref="ReplicationHealthCheck"/> says what is missing).
/// </summary>
public sealed class DatabaseReadyCheck(IndexHubDbContext db, IServiceProvider services) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var result = await CheckAsync(db, cancellationToken);
        if (result.Status == HealthStatus.Healthy || services.GetService<ReplicaContextOptions>() is not { } replica)
        {
            return result;
        }
        // The context this request was given reads one side; try each side on its own.
        foreach (var options in new[] { replica.Options, services.GetRequiredService<DbContextOptions<PostgresIndexHubDbContext>>() })
        {
            await using var side = new PostgresIndexHubDbContext(options);
            if ((await CheckAsync(side, cancellationToken)).Status == HealthStatus.Healthy)
            {
                return HealthCheckResult.Healthy();
            }
        }
        return result;
    }

    private static async Task<HealthCheckResult> CheckAsync(IndexHubDbContext db, CancellationToken cancellationToken)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            if (!await db.Database.CanConnectAsync(timeout.Token))
            {
                return HealthCheckResult.Unhealthy("The database does not answer.");
            }
            var pending = (await db.Database.GetPendingMigrationsAsync(timeout.Token)).ToList();
            return pending.Count == 0
                ? HealthCheckResult.Healthy()
                : HealthCheckResult.Unhealthy($"{pending.Count} migration(s) not applied.");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return HealthCheckResult.Unhealthy("The database does not answer.");
        }
    }
}
