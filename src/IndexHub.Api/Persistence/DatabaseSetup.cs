using System.ComponentModel.DataAnnotations;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence.Loading;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace IndexHub.Api.Persistence;

public enum DatabaseProvider
{
    Sqlite,
    Postgres,
}

/// <summary>The <c>Database</c> configuration section.</summary>
public sealed class DatabaseOptions
{
    public const string Section = "Database";

    /// <summary>Sqlite (embedded default) or Postgres (with <c>ConnectionStrings:IndexHub</c>).</summary>
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;

    /// <summary>Where the SQLite file lives when no connection string is given; relative to the content root.</summary>
    [Required]
    public string DataDirectory { get; set; } = "App_Data";

    /// <summary>Apply pending migrations at start-up. Turn off where migrations are run as a release step.</summary>
    public bool ApplyMigrationsOnStartup { get; set; } = true;

    /// <summary>Load the shipped reference data at start-up (idempotent).</summary>
    public bool LoadDataOnStartup { get; set; } = true;

    /// <summary>The shipped data folder; default: <c>data</c> beside the service's binaries.</summary>
    public string? ShippedDataDirectory { get; set; }
}

/// <summary>The options of contexts that read from the read replica.</summary>
public sealed record ReplicaContextOptions(DbContextOptions<PostgresIndexHubDbContext> Options);

/// <summary>
/// Where the service connects, as it connects there (planner settings applied): the primary
/// (<c>ConnectionStrings:IndexHub</c>) and the read replica (<c>ConnectionStrings:IndexHubRead</c>, null when reads
/// use the primary). Either may list several hosts (<c>Host=a,b</c>) with Npgsql's <c>Target Session Attributes</c>.
/// </summary>
public sealed record DatabaseEndpoints(string Primary, string? Read, bool IsSqlite);

public static class DatabaseSetup
{
    public static IServiceCollection AddIndexHubDatabase(this IServiceCollection services, IConfiguration configuration, IHostEnvironment environment)
    {
        services.AddSettings<DatabaseOptions>(DatabaseOptions.Section);
        // The engine is chosen here, before there is a container to ask.
        var options = configuration.ReadSettings<DatabaseOptions>(DatabaseOptions.Section);
        var connectionString = configuration.GetConnectionString("IndexHub");
        switch (options.Provider)
        {
            case DatabaseProvider.Postgres:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    throw new InvalidOperationException(
                        "Database:Provider is Postgres but ConnectionStrings:IndexHub is empty (set ConnectionStrings__IndexHub).");
                }
                var readConnectionString = configuration.GetConnectionString("IndexHubRead");
                services.AddSingleton(new DatabaseEndpoints(
                    WithPlannerSettings(connectionString),
                    string.IsNullOrWhiteSpace(readConnectionString) ? null : WithPlannerSettings(readConnectionString),
                    IsSqlite: false));
                // Options are made once, not per request: building them (and parsing the connection string) cost a
                // quarter of a cached answer's time when every request made a context.
                services.AddDbContext<IndexHubDbContext, PostgresIndexHubDbContext>(o => ConfigurePostgres(o, connectionString), optionsLifetime: ServiceLifetime.Singleton);
                if (!string.IsNullOrWhiteSpace(readConnectionString))
                {
                    // A read replica: a context made for a safe request (GET, HEAD, OPTIONS) reads from it while it
                    // answers and holds the data version this process serves (so a writer reads its own write, and no
                    // answer is older than the version it is cached under); writes, the reads a write makes, and
                    // start-up work (no request) use the primary.
                    services.AddHttpContextAccessor();
                    services.AddSingleton(provider => new ReplicaContextOptions(PostgresOptions(provider, readConnectionString)));
                    services.Replace(ServiceDescriptor.Scoped<IndexHubDbContext>(provider => new PostgresIndexHubDbContext(
                        ServesReadsOnly(provider.GetRequiredService<IHttpContextAccessor>().HttpContext)
                            && provider.GetRequiredService<Infrastructure.DataVersionState>().ReplicaServesReads
                            ? provider.GetRequiredService<ReplicaContextOptions>().Options
                            : provider.GetRequiredService<DbContextOptions<PostgresIndexHubDbContext>>())));
                }
                break;
            case DatabaseProvider.Sqlite:
                if (string.IsNullOrWhiteSpace(connectionString))
                {
                    var directory = Path.GetFullPath(options.DataDirectory, environment.ContentRootPath);
                    Directory.CreateDirectory(directory);
                    connectionString = $"Data Source={Path.Combine(directory, "indexhub.db")}";
                }
                if (!string.IsNullOrWhiteSpace(configuration.GetConnectionString("IndexHubRead")))
                {
                    throw new InvalidOperationException(
                        "ConnectionStrings:IndexHubRead names a PostgreSQL read replica; it has no meaning with Database:Provider=Sqlite.");
                }
                services.AddSingleton(new DatabaseEndpoints(connectionString, null, IsSqlite: true));
                services.AddDbContext<IndexHubDbContext, SqliteIndexHubDbContext>(o => ConfigureSqlite(o, connectionString), optionsLifetime: ServiceLifetime.Singleton);
                break;
            default:
                throw new InvalidOperationException($"Unknown Database:Provider '{options.Provider}'.");
        }
        services.AddScoped<ReferenceDataLoader>();
        return services;
    }

    /// <summary>True for a request that cannot change data, which a read replica may answer.</summary>
    internal static bool ServesReadsOnly(HttpContext? http) =>
        http is not null && (HttpMethods.IsGet(http.Request.Method) || HttpMethods.IsHead(http.Request.Method) || HttpMethods.IsOptions(http.Request.Method));

    private static DbContextOptions<PostgresIndexHubDbContext> PostgresOptions(IServiceProvider provider, string connectionString)
    {
        var builder = new DbContextOptionsBuilder<PostgresIndexHubDbContext>().UseApplicationServiceProvider(provider)
            .UseLoggerFactory(provider.GetRequiredService<ILoggerFactory>());
        ConfigurePostgres(builder, connectionString);
        return builder.Options;
    }

    internal static void ConfigurePostgres(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseNpgsql(WithPlannerSettings(connectionString), npgsql => npgsql.EnableRetryOnFailure(3))
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);

    /// <summary>
    /// The result reads join up to a dozen tables (a result, its unit, region, cohort, edition, tier, previous
    /// result, and a component or source subquery). Past PostgreSQL's default collapse limits (8) the planner stops
    /// reordering joins and reads every component value with a sequential scan: 470 ms instead of 90 ms for a
    /// province's series beside 4 million synthetic values (bench/perf.sh). A connection string's own Options win.
    /// </summary>
    internal static string WithPlannerSettings(string connectionString)
    {
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
        if (string.IsNullOrWhiteSpace(builder.Options))
        {
            builder.Options = "-c from_collapse_limit=16 -c join_collapse_limit=16";
        }
        return builder.ConnectionString;
    }

    internal static void ConfigureSqlite(DbContextOptionsBuilder builder, string connectionString) =>
        builder.UseSqlite(connectionString)
            .UseQueryTrackingBehavior(QueryTrackingBehavior.NoTracking);

    /// <summary>Migrates and loads the shipped data, as configured, before the service takes requests.</summary>
    public static async Task PrepareDatabaseAsync(this WebApplication app, bool always = false)
    {
        var options = app.Services.GetRequiredService<DatabaseOptions>();
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IndexHubDbContext>();
        if (always || options.ApplyMigrationsOnStartup)
        {
            await db.Database.MigrateAsync(app.Lifetime.ApplicationStopping);
        }
        if (always || options.LoadDataOnStartup)
        {
            var dataDirectory = options.ShippedDataDirectory ?? Path.Combine(AppContext.BaseDirectory, "data");
            await scope.ServiceProvider.GetRequiredService<Features.Writes.ShippedDataLoader>().LoadAsync(dataDirectory, app.Lifetime.ApplicationStopping);
            // After the results: the goals name units and components the catalogue holds.
            await Features.Targets.ShippedTargets.LoadAsync(db, scope.ServiceProvider.GetRequiredService<TimeProvider>(), dataDirectory, app.Lifetime.ApplicationStopping);
        }
    }
}

/// <summary>Design-time factory for <c>dotnet ef migrations add ... --context SqliteIndexHubDbContext</c>.</summary>
public sealed class SqliteDesignTimeFactory : IDesignTimeDbContextFactory<SqliteIndexHubDbContext>
{
    public SqliteIndexHubDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<SqliteIndexHubDbContext>();
        DatabaseSetup.ConfigureSqlite(builder, "Data Source=design-time.db");
        return new SqliteIndexHubDbContext(builder.Options);
    }
}

/// <summary>Design-time factory for <c>dotnet ef migrations add ... --context PostgresIndexHubDbContext</c>; no server is contacted.</summary>
public sealed class PostgresDesignTimeFactory : IDesignTimeDbContextFactory<PostgresIndexHubDbContext>
{
    public PostgresIndexHubDbContext CreateDbContext(string[] args)
    {
        var builder = new DbContextOptionsBuilder<PostgresIndexHubDbContext>();
        DatabaseSetup.ConfigurePostgres(builder, "Host=localhost;Database=indexhub_design");
        return new PostgresIndexHubDbContext(builder.Options);
    }
}
