using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace IndexHub.ApiTests;

/// <summary>
/// A setting out of bounds stops the service at start-up with a message that names it, before the database is touched:
/// never a default quietly used instead, nor a failure at the first request that needs it.
/// </summary>
public sealed class SettingsTests
{
    [Theory]
    [InlineData("Limits:MaxPageSize", "0")]
    [InlineData("Limits:ReadsPerMinute", "lots")]
    [InlineData("Imports:MaxRows", "0")]
    [InlineData("Http:DataVersionPollMilliseconds", "10")]
    [InlineData("Http:ServerCacheSeconds", "-1")]
    [InlineData("Shutdown:TimeoutSeconds", "-1")]
    [InlineData("Cors:AllowedOrigins:0", "portal.example.gov.vn", "Cors:AllowedOrigins")]
    [InlineData("Telemetry:OtlpEndpoint", "collector")]
    [InlineData("Explorer:EmbedFrameAncestors", "'self'; script-src *")]
    [InlineData("Database:Provider", "Oracle")]
    public void A_bad_setting_stops_start_up_naming_it(string setting, string value, string? named = null)
    {
        var directory = Directory.CreateTempSubdirectory("indexhub-settings-");
        try
        {
            using var factory = new WebApplicationFactory<Program>().WithWebHostBuilder(builder =>
            {
                builder.UseEnvironment("Testing");
                builder.UseSetting("Database:Provider", "Sqlite");
                builder.UseSetting("ConnectionStrings:IndexHub", "");
                builder.UseSetting("Database:DataDirectory", directory.FullName);
                builder.UseSetting(setting, value);
            });

            var failure = Record.Exception(() => factory.CreateClient());

            Assert.NotNull(failure);
            Assert.Contains(named ?? setting, failure.ToString(), StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(directory.FullName, "indexhub.db")), "the database was made before the settings were checked");
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }
}
