using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;
using IndexHub.ApiTests.Infrastructure;

namespace IndexHub.ApiTests.Explorer;

/// <summary>How the service serves the explorer (no browser needed): page headers, asset caching, the contract untouched.</summary>
public sealed partial class ExplorerServingTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static CancellationToken Cancel => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/")]
    [InlineData("/provinces/92?year=2022")]
    [InlineData("/indices/PAR?year=2023")]
    [InlineData("/compare?index=PAPI&year=2023&units=79,01,92")]
    public async Task Pages_are_the_explorers_HTML_under_a_CSP_without_inline_script_revalidated_on_every_load(string path)
    {
        using var response = await app.Client.GetAsync(path, Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(";", response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("style-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-inline", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(response.Headers.CacheControl?.NoCache, "the HTML names hashed assets: it must be revalidated");
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);

        var html = await response.Content.ReadAsStringAsync(Cancel);
        Assert.DoesNotMatch(InlineScript(), html);
        Assert.DoesNotContain("style=", html, StringComparison.Ordinal);

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await app.Client.SendAsync(again, Cancel);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
    }

    [Fact]
    public async Task The_scorecard_widget_may_be_framed_by_a_portal()
    {
        using var response = await app.Client.GetAsync("/embed/provinces/92?year=2022", Cancel);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.False(response.Headers.Contains("X-Frame-Options"));
        Assert.Contains("frame-ancestors *", string.Join(";", response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Assets_have_hashed_names_and_are_cached_for_a_year_compressed_with_an_ETag()
    {
        var html = await app.Client.GetStringAsync("/", Cancel);
        var assets = AssetReference().Matches(html).Select(m => m.Groups[1].Value).ToList();
        Assert.Equal(2, assets.Count);
        foreach (var asset in assets)
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, asset);
            request.Headers.AcceptEncoding.ParseAdd("br, gzip");
            using var response = await app.Client.SendAsync(request, Cancel);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("public, max-age=31536000, immutable", response.Headers.CacheControl?.ToString());
            Assert.Contains(response.Content.Headers.ContentEncoding.Single(), new[] { "br", "gzip" });
            var etag = response.Headers.ETag;
            Assert.NotNull(etag);

            using var again = new HttpRequestMessage(HttpMethod.Get, asset);
            again.Headers.IfNoneMatch.Add(etag);
            using var notModified = await app.Client.SendAsync(again, Cancel);
            Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        }
        using var missing = await app.Client.GetAsync("/explorer/assets/main-NOTBUILT.js", Cancel);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
    }

    [Fact]
    public async Task Swagger_stays_at_swagger_and_the_page_routes_stay_out_of_the_contract()
    {
        using var ui = await app.Client.GetAsync("/swagger/index.html", Cancel);
        Assert.Equal(HttpStatusCode.OK, ui.StatusCode);
        using var document = JsonDocument.Parse(await app.Client.GetStringAsync("/swagger/v1/swagger.json", Cancel));
        var paths = document.RootElement.GetProperty("paths").EnumerateObject().Select(p => p.Name).ToList();
        Assert.DoesNotContain(paths, p => p == "/" || p.StartsWith("/provinces", StringComparison.Ordinal) || p.StartsWith("/indices", StringComparison.Ordinal)
            || p.StartsWith("/compare", StringComparison.Ordinal) || p.StartsWith("/embed", StringComparison.Ordinal));
    }

    [Fact]
    public void The_built_scripts_never_parse_HTML_and_set_no_inline_style_attribute()
    {
        // Every text from the API reaches the page through textContent; a bundle that parses HTML would be a hole.
        var assets = Path.Combine(AppContext.BaseDirectory, "..", "..", "..", "..", "..", "src", "IndexHub.Api", "wwwroot", "explorer", "assets");
        var scripts = Directory.GetFiles(assets, "*.js");
        Assert.NotEmpty(scripts);
        foreach (var script in scripts)
        {
            var text = File.ReadAllText(script);
            foreach (var sink in new[] { "innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(" })
            {
                Assert.False(text.Contains(sink, StringComparison.Ordinal), $"{Path.GetFileName(script)} uses {sink}");
            }
            Assert.DoesNotContain("setAttribute(\"style\"", text, StringComparison.Ordinal);
        }
    }

    [GeneratedRegex("<script(?![^>]*\\bsrc=)[^>]*>", RegexOptions.IgnoreCase)]
    private static partial Regex InlineScript();

    [GeneratedRegex("(?:href|src)=\"(/explorer/assets/[a-z]+-[A-Z0-9]{8}\\.(?:js|css))\"")]
    private static partial Regex AssetReference();
}
