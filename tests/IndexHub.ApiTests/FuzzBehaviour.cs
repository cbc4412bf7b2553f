using System.Net;
using System.Text;
using System.Text.Json;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Features.Keys;
using IndexHub.Api.Persistence.Entities;
using IndexHub.ApiTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace IndexHub.ApiTests;

/// <summary>
/// Walks every operation of the contract and sends malformed and extreme values for every parameter
/// and body: each answer must be a 4xx problem (or a success), never a 500, never a hang.
/// </summary>
public abstract class FuzzBehaviour<TApp>(TApp app) where TApp : IndexHubApp
{
    private static readonly string[] BadValues =
    [
        "", "-1", "0", "99999", "-99999999999999999999", "99999999999999999999999", "1e309", "NaN", "2025-13-45", "0000-00-00",
        "' OR 1=1 --", "\"; DROP TABLE results; --", "<script>alert(1)</script>", "../../etc/passwd", "%00", "\u202e\u0000",
        "Hà Nội", "ＰＣＩ", new string('9', 400), new string('x', 10_000),
    ];

    private static readonly (string ContentType, byte[] Body)[] BadBodies =
    [
        ("text/csv", "unit,sco"u8.ToArray()),
        ("text/csv", "unit,score,rank\n\"unterminated,1,2\n"u8.ToArray()),
        ("text/csv", [0xC3, 0x28, 0xA0, 0xA1, 0x2C, 0xFF, 0xFE, 0x0A]),
        ("text/csv", ""u8.ToArray()),
        ("application/json", "{\"rows\":[{\"unit\":"u8.ToArray()),
        ("application/json", "{\"year\":99999999999999999999,\"rows\":[{\"unit\":\"01\",\"score\":1e400}]}"u8.ToArray()),
        ("application/json", "{\"score\":\"abc\",\"rank\":-5,\"source\":null}"u8.ToArray()),
        ("application/json", "[]"u8.ToArray()),
        ("application/json", "null"u8.ToArray()),
        ("application/xml", "<rows/>"u8.ToArray()),
        ("multipart/form-data; boundary=x", "--x\r\nContent-Disposition: form-data; name=\"file\"\r\n\r\nunit\r\n"u8.ToArray()),
    ];

    [Fact]
    public async Task No_operation_answers_500_or_hangs_on_hostile_input()
    {
        app.RequireEngine();
        var ct = TestContext.Current.CancellationToken;
        string admin;
        await using (var scope = app.CreateScope())
        {
            admin = (await scope.ServiceProvider.GetRequiredService<ISender>().Send(new CreateKey.Command("fuzz", nameof(ApiKeyRole.Admin), Author.CommandLine()), ct)).Secret;
        }
        using var document = JsonDocument.Parse(await app.Client.GetStringAsync("/swagger/v1/swagger.json", ct));
        var failures = new List<string>();
        var sent = 0;

        async Task SendAsync(HttpMethod method, string url, HttpContent? content, bool withKey)
        {
            using var request = new HttpRequestMessage(method, url) { Content = content };
            if (withKey)
            {
                request.Headers.Add("X-Api-Key", admin);
                request.Headers.TryAddWithoutValidation("If-Match", "\"stale\"");
            }
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(15));
            sent++;
            try
            {
                using var response = await app.Client.SendAsync(request, timeout.Token);
                var status = (int)response.StatusCode;
                if (status >= 500)
                {
                    failures.Add($"{method} {url} [{content?.Headers.ContentType}]: {status} {await response.Content.ReadAsStringAsync(ct)}");
                }
                else if (status >= 400 && response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{method} {url}: {status} without problem details");
                }
            }
            catch (InvalidOperationException e) when (e.Message.Contains("null characters", StringComparison.Ordinal))
            {
                // The in-memory test host refuses a NUL in the path before the app sees it, as Kestrel does with a 400.
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                failures.Add($"{method} {url}: no answer in 15 s");
            }
        }

        foreach (var path in document.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var method = new HttpMethod(operation.Name.ToUpperInvariant());
                var parameters = operation.Value.TryGetProperty("parameters", out var p) ? p.EnumerateArray().ToList() : [];
                string Url(string? fuzzed, string? value)
                {
                    var url = path.Name;
                    var query = new List<string>();
                    foreach (var parameter in parameters)
                    {
                        var name = parameter.GetProperty("name").GetString()!;
                        var example = parameter.GetProperty("example");
                        var text = name == fuzzed ? value! : example.ValueKind == JsonValueKind.String ? example.GetString()! : example.GetRawText();
                        if (parameter.GetProperty("in").GetString() == "path")
                        {
                            url = url.Replace("{" + name + "}", Uri.EscapeDataString(text), StringComparison.Ordinal);
                        }
                        else
                        {
                            query.Add($"{name}={Uri.EscapeDataString(text)}");
                        }
                    }
                    return query.Count == 0 ? url : $"{url}?{string.Join('&', query)}";
                }

                var hasBody = operation.Value.TryGetProperty("requestBody", out _);
                HttpContent? ValidBody() => method == HttpMethod.Put
                    ? new StringContent("{\"score\":1,\"source\":{\"url\":\"https://example.org\"}}", Encoding.UTF8, "application/json")
                    : hasBody ? new StringContent("unit,score\n01,1\n", Encoding.UTF8, "text/csv") : null;

                foreach (var parameter in parameters)
                {
                    foreach (var value in BadValues)
                    {
                        await SendAsync(method, Url(parameter.GetProperty("name").GetString(), value), ValidBody(), withKey: true);
                    }
                }
                if (hasBody)
                {
                    foreach (var (contentType, body) in BadBodies)
                    {
                        var content = new ByteArrayContent(body);
                        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
                        await SendAsync(method, Url(null, null), content, withKey: true);
                    }
                }
                await SendAsync(method, Url(null, null), ValidBody(), withKey: false);
            }
        }
        Assert.True(sent > 500, $"only {sent} requests");
        Assert.True(failures.Count == 0, $"{failures.Count} of {sent} requests failed:\n{string.Join('\n', failures.Take(30))}");
    }
}

public sealed class PostgresFuzzTests(PostgresApp app) : FuzzBehaviour<PostgresApp>(app), IClassFixture<PostgresApp>;

public sealed class SqliteFuzzTests(SqliteApp app) : FuzzBehaviour<SqliteApp>(app), IClassFixture<SqliteApp>;
