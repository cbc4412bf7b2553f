using IndexHub.Api.Persistence;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.Mvc.Testing.Handlers;
using Microsoft.Extensions.DependencyInjection;

[assembly: AssemblyFixture(typeof(IndexHub.ApiTests.Infrastructure.PostgresServer))]

namespace IndexHub.ApiTests.Infrastructure;

/// <summary>The service hosted in memory over one engine, with its own fresh database and the shipped data loaded.</summary>
public abstract class IndexHubApp : IAsyncLifetime
{
    private WebApplicationFactory<Program>? _factory;

    public abstract DatabaseProvider Provider { get; }

    public HttpClient Client { get; private set; } = null!;

    public IServiceProvider Services => _factory!.Services;

    /// <summary>Why this engine cannot be tested here; null when it can.</summary>
    public string? Unavailable { get; protected set; }

    protected abstract Task<string?> ConnectionStringAsync();

    /// <summary>The database this host uses.</summary>
    public string? ConnectionString { get; private set; }

    public async ValueTask InitializeAsync()
    {
        var connectionString = await ConnectionStringAsync();
        ConnectionString = connectionString;
        if (Unavailable is not null)
        {
            return;
        }
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", Provider.ToString());
            builder.UseSetting("ConnectionStrings:IndexHub", connectionString);
            builder.UseSetting("Cors:AllowedOrigins:0", "https://portal.example.gov.vn");
            // The suites send thousands of requests from one address; the limiter has its own test.
            builder.UseSetting("Limits:ReadsPerMinute", "1000000");
            builder.UseSetting("Limits:WritesPerMinute", "100000");
            foreach (var (key, value) in Settings())
            {
                builder.UseSetting(key, value);
            }
            builder.ConfigureServices(ConfigureServices);
        });
        // Every answer the tests receive is checked against the contract (a redirect and cookies, as CreateClient gives).
        Contract rules = Contract.Committed;
        if (ContractIsServedDocument)
        {
            using var plain = _factory.CreateClient();
            rules = Contract.FromJson(await plain.GetStringAsync("/swagger/v1/swagger.json"));
        }
        ContractChecks = new ContractValidatingHandler(() => rules);
        Client = _factory.CreateDefaultClient(new Uri("http://localhost"), new RedirectHandler(), new CookieContainerHandler(), ContractChecks);
    }

    /// <summary>What checks the answers <see cref="Client"/> receives against the contract.</summary>
    public ContractValidatingHandler ContractChecks { get; private set; } = null!;

    /// <summary>
    /// True for a host whose configuration changes the contract (Security:RequireKeyForReads puts 401 on every read): its
    /// answers are checked against the document it serves, which the contract test holds to openapi.yaml for the default.
    /// </summary>
    protected virtual bool ContractIsServedDocument => false;

    /// <summary>Skips the calling test when the engine is missing, except under CI, where it fails.</summary>
    public void RequireEngine()
    {
        if (Unavailable is null)
        {
            return;
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"CI=true and {Provider} is not available: {Unavailable}");
        }
        Assert.Skip($"{Provider} is not available: {Unavailable}");
    }

    /// <summary>Further services for this host (a log capture, say).</summary>
    protected virtual void ConfigureServices(IServiceCollection services)
    {
    }

    /// <summary>Further settings for this host.</summary>
    protected virtual IEnumerable<KeyValuePair<string, string?>> Settings() => [];

    protected virtual void CleanUp()
    {
    }

    /// <summary>For hosts that own more than a file: stopped after the host.</summary>
    protected virtual ValueTask CleanUpAsync() => ValueTask.CompletedTask;

    public AsyncServiceScope CreateScope() => Services.CreateAsyncScope();

    public async ValueTask DisposeAsync()
    {
        Client?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        CleanUp();
        await CleanUpAsync();
        GC.SuppressFinalize(this);
    }
}

public class PostgresApp(PostgresServer server) : IndexHubApp
{
    public override DatabaseProvider Provider => DatabaseProvider.Postgres;

    protected override async Task<string?> ConnectionStringAsync()
    {
        if (server.ConnectionString is null)
        {
            Unavailable = server.Unavailable;
            return null;
        }
        return await server.CreateDatabaseAsync("indexhub_test");
    }
}

public sealed class SqliteApp : IndexHubApp
{
    private readonly string _path = Path.Combine(Path.GetTempPath(), $"indexhub-test-{Guid.NewGuid():N}.db");

    public override DatabaseProvider Provider => DatabaseProvider.Sqlite;

    protected override Task<string?> ConnectionStringAsync() => Task.FromResult<string?>($"Data Source={_path};Pooling=False");

    protected override void CleanUp()
    {
        foreach (var file in new[] { _path, _path + "-wal", _path + "-shm" })
        {
            File.Delete(file);
        }
    }
}
