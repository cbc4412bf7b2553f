namespace IndexHub.Api;

/// <summary>
/// <c>IndexHub healthcheck [url]</c>: asks the running service's /health/live and exits 0 when it answers 200.
/// For container HEALTHCHECKs on images without a shell or curl.
/// </summary>
public static class HealthProbe
{
    public static bool IsProbe(string[] args) => args.Length > 0 && args[0] == "healthcheck";

    public static async Task<int> RunAsync(string[] args)
    {
        var url = args.Length > 1 ? args[1] : DefaultUrl();
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(3) };
        try
        {
            using var response = await client.GetAsync(url);
            Console.WriteLine($"{url}: {(int)response.StatusCode}");
            return response.IsSuccessStatusCode ? 0 : 1;
        }
        catch (Exception e) when (e is HttpRequestException or TaskCanceledException)
        {
            Console.Error.WriteLine($"{url}: {e.Message}");
            return 1;
        }
    }

    /// <summary>The service's own port (ASPNETCORE_HTTP_PORTS, as container images set it), on loopback.</summary>
    private static string DefaultUrl()
    {
        var port = (Environment.GetEnvironmentVariable("ASPNETCORE_HTTP_PORTS") ?? "8080").Split([',', ';'])[0].Trim();
        return $"http://127.0.0.1:{port}/health/live";
    }
}
