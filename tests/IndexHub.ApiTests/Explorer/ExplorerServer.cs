using System.Net;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;

namespace IndexHub.ApiTests.Explorer;

/// <summary>
/// The service listening on a loopback port (a browser cannot reach an in-memory TestServer), on SQLite in a
/// temporary data directory with the shipped data loaded, and one headless Chromium driving it.
/// Chromium and chromium-driver come from Debian (<c>apt-get install chromium chromium-driver</c>; .ci/run installs
/// them). Without them the browser tests are skipped loudly, except under CI=true, where they fail.
/// </summary>
public sealed class ExplorerServer : IAsyncLifetime
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), $"indexhub-explorer-{Guid.NewGuid():N}");
    private readonly string _profileDirectory = Path.Combine(Path.GetTempPath(), $"indexhub-chromium-{Guid.NewGuid():N}");
    private WebApplicationFactory<Program>? _factory;
    private ChromeDriver? _driver;

    public static string ChromiumPath => Environment.GetEnvironmentVariable("INDEXHUB_CHROMIUM") ?? "/usr/bin/chromium";

    public static string ChromeDriverPath => Environment.GetEnvironmentVariable("INDEXHUB_CHROMEDRIVER") ?? "/usr/bin/chromedriver";

    /// <summary>http://127.0.0.1:port, no trailing slash.</summary>
    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Why no browser could be had; null when it could.</summary>
    public string? Unavailable { get; private set; }

    public HttpClient Client { get; private set; } = null!;

    public ChromeDriver Driver => _driver ?? throw new InvalidOperationException(Unavailable);

    public async ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_dataDirectory);
        _factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
        {
            builder.UseEnvironment("Testing");
            builder.UseSetting("Database:Provider", "Sqlite");
            builder.UseSetting("Database:DataDirectory", _dataDirectory);
            builder.UseSetting("ConnectionStrings:IndexHub", "");
            builder.UseSetting("Limits:ReadsPerMinute", "1000000");
        });
        _factory.UseKestrel(options => options.Listen(IPAddress.Loopback, 0));
        _factory.StartServer();
        var address = _factory.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        BaseAddress = new Uri(address.Replace("[::1]", "127.0.0.1", StringComparison.Ordinal));
        Client = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = BaseAddress };

        var missing = new[] { ChromiumPath, ChromeDriverPath }.Where(path => !File.Exists(path)).ToList();
        if (missing.Count > 0)
        {
            Unavailable = $"no browser: {string.Join(", ", missing)} missing (apt-get install chromium chromium-driver)";
            await Console.Error.WriteLineAsync($"WARNING: {Unavailable}. The explorer's browser tests will be skipped.");
            return;
        }
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        // Without the background-networking flags Chromium's own connections fail here and log errors.
        options.AddArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage",
            "--window-size=1280,900", $"--user-data-dir={_profileDirectory}", "--lang=vi");
        options.SetLoggingPreference(LogType.Browser, LogLevel.All);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(ChromeDriverPath)!, Path.GetFileName(ChromeDriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        try
        {
            _driver = new ChromeDriver(service, options, TimeSpan.FromSeconds(60));
            _driver.Manage().Timeouts().PageLoad = TimeSpan.FromSeconds(30);
            _driver.Manage().Timeouts().AsynchronousJavaScript = TimeSpan.FromSeconds(30);
        }
        catch (WebDriverException e)
        {
            Unavailable = $"Chromium would not start: {e.Message}";
            await Console.Error.WriteLineAsync($"WARNING: {Unavailable}. The explorer's browser tests will be skipped.");
        }
    }

    /// <summary>Skips the calling test when no browser could be had, except under CI, where it fails.</summary>
    public void RequireBrowser()
    {
        if (Unavailable is null)
        {
            return;
        }
        if (string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase))
        {
            Assert.Fail($"CI=true and the browser is not available: {Unavailable}");
        }
        Assert.Skip($"The browser is not available: {Unavailable}");
    }

    public async ValueTask DisposeAsync()
    {
        _driver?.Quit();
        _driver?.Dispose();
        Client?.Dispose();
        if (_factory is not null)
        {
            await _factory.DisposeAsync();
        }
        foreach (var directory in new[] { _dataDirectory, _profileDirectory })
        {
            try
            {
                if (Directory.Exists(directory))
                {
                    Directory.Delete(directory, recursive: true);
                }
            }
            catch (IOException e)
            {
                await Console.Error.WriteLineAsync($"WARNING: could not remove {directory}: {e.Message}");
            }
        }
    }
}
