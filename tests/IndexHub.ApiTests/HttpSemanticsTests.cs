using System.Net;
using System.Net.Http.Headers;
using System.Text;
using IndexHub.Api.Features.Keys;
using IndexHub.Api.Features.Writes;
using IndexHub.ApiTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace IndexHub.ApiTests;

/// <summary>What a careful HTTP client expects: HEAD, compression with its own cache entries and tags, headers on every answer.</summary>
public sealed class HttpSemanticsTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData("/api/v1/regions")]
    [InlineData("/api/v1/indices/PAPI/results?year=2023")]
    [InlineData("/api/v1/provinces/92/scorecard?year=2022")]
    public async Task Head_answers_as_get_without_a_body(string url)
    {
        using var get = await app.Client.GetAsync(url, Ct);
        using var head = await app.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url), Ct);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Equal(get.Content.Headers.ContentType, head.Content.Headers.ContentType);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("br")]
    [InlineData("gzip")]
    public async Task Answers_are_compressed_when_asked_and_each_coding_has_its_own_tag(string coding)
    {
        const string url = "/api/v1/indices/PAPI/results?year=2023&pageSize=63";
        using var plain = await app.Client.GetAsync(url, Ct);
        var plainBytes = await plain.Content.ReadAsByteArrayAsync(Ct);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        request.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(coding));
        using var compressed = await app.Client.SendAsync(request, Ct);
        Assert.Equal(coding, Assert.Single(compressed.Content.Headers.ContentEncoding));
        Assert.Contains("Accept-Encoding", compressed.Headers.Vary);
        Assert.NotEqual(plain.Headers.ETag, compressed.Headers.ETag);
        var body = await compressed.Content.ReadAsByteArrayAsync(Ct);
        Assert.True(body.Length * 5 < plainBytes.Length, $"{coding}: {body.Length} bytes for {plainBytes.Length}");
        await using var decoder = coding == "br"
            ? (Stream)new System.IO.Compression.BrotliStream(new MemoryStream(body), System.IO.Compression.CompressionMode.Decompress)
            : new System.IO.Compression.GZipStream(new MemoryStream(body), System.IO.Compression.CompressionMode.Decompress);
        using var decoded = new MemoryStream();
        await decoder.CopyToAsync(decoded, Ct);
        Assert.Equal(plainBytes, decoded.ToArray());

        // The second ask is served from the cache, still compressed.
        using var again = new HttpRequestMessage(HttpMethod.Get, url);
        again.Headers.AcceptEncoding.Add(new StringWithQualityHeaderValue(coding));
        using var cached = await app.Client.SendAsync(again, Ct);
        Assert.Equal(coding, Assert.Single(cached.Content.Headers.ContentEncoding));
        Assert.Equal(body, await cached.Content.ReadAsByteArrayAsync(Ct));
    }

    [Theory]
    [InlineData("/api/v1/indices/PAPI/results?year=abc", HttpStatusCode.BadRequest)]
    [InlineData("/api/v1/indices/NOPE/results", HttpStatusCode.NotFound)]
    [InlineData("/api/v1/no-such-route", HttpStatusCode.NotFound)]
    public async Task Errors_carry_the_security_version_and_rate_limit_headers(string url, HttpStatusCode status)
    {
        using var response = await app.Client.GetAsync(url, Ct);
        Assert.Equal(status, response.StatusCode);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("DENY", response.Headers.GetValues("X-Frame-Options").Single());
        Assert.True(response.Headers.Contains("IndexHub-Version"));
        Assert.True(response.Headers.Contains("X-RateLimit-Limit"));
    }

    [Fact]
    public async Task A_rejected_table_carries_the_headers_too()
    {
        await using var scope = app.CreateScope();
        var key = (await scope.ServiceProvider.GetRequiredService<ISender>().Send(new CreateKey.Command("headers", "editor", Author.CommandLine()), Ct)).Secret;
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/indices/PCI/imports?year=2020&sourceUrl=https://example.org/h&sourceKind=press")
        {
            Content = new StringContent("unit,score\nAtlantis,1\n", Encoding.UTF8, "text/csv"),
        };
        request.Headers.Add("X-Api-Key", key);
        using var response = await app.Client.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.True(response.Headers.Contains("X-Content-Type-Options"));
        Assert.True(response.Headers.Contains("IndexHub-Version"));
    }
}

/// <summary>The limiter counts a client by its key only once the key is verified: a made-up key buys no fresh allowance.</summary>
public sealed class VerifiedKeyLimitTests(TightLimitsApp app) : IClassFixture<TightLimitsApp>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Random_keys_do_not_escape_the_address_limit()
    {
        // The tight host allows 5 reads a minute per client; exhaust this address's allowance anonymously.
        for (var i = 0; i < 6; i++)
        {
            using var _ = await app.Client.GetAsync($"/api/v1/regions?x={i}", Ct);
        }
        using var anonymous = await app.Client.GetAsync("/api/v1/regions?x=last", Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, anonymous.StatusCode);
        foreach (var header in new[] { "X-Api-Key", "Authorization" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/regions?x=" + header);
            request.Headers.TryAddWithoutValidation(header, header == "X-Api-Key" ? "ihk_made-up" : "Bearer ihk_made-up");
            using var response = await app.Client.SendAsync(request, Ct);
            // Refused for the key (401) or for the address (429): never served.
            Assert.True(response.StatusCode is HttpStatusCode.TooManyRequests or HttpStatusCode.Unauthorized, response.StatusCode.ToString());
        }
    }
}

/// <summary>HEAD over a real Kestrel server (the in-memory test server routes before the method can be read as GET).</summary>
public sealed class HeadOverKestrelTests(Explorer.ExplorerServer server) : IClassFixture<Explorer.ExplorerServer>
{
    [Theory]
    [InlineData("/api/v1/regions")]
    [InlineData("/api/v1/provinces/92/scorecard?year=2022")]
    [InlineData("/api/v1/indices/PAPI/results?year=2023")]
    [InlineData("/provinces/92?year=2022")]
    public async Task Every_get_resource_answers_head(string url)
    {
        var ct = TestContext.Current.CancellationToken;
        using var get = await server.Client.GetAsync(url, ct);
        using var head = await server.Client.SendAsync(new HttpRequestMessage(HttpMethod.Head, url), ct);
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(get.Headers.ETag, head.Headers.ETag);
        Assert.Empty(await head.Content.ReadAsByteArrayAsync(ct));
    }
}
