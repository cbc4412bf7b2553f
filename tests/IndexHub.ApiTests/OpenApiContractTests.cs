using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using IndexHub.ApiTests.Infrastructure;

namespace IndexHub.ApiTests;

/// <summary>
/// openapi.yaml at the repository root is the committed contract. When the served document differs,
/// this fails; after an intended change, rewrite it with
/// <c>INDEXHUB_UPDATE_OPENAPI=1 dotnet test -p:UseGeneratedClient=false --filter OpenApi</c> (the generated client is built from the file being rewritten).
/// </summary>
public sealed partial class OpenApiContractTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    [Fact]
    public async Task The_served_document_is_the_committed_contract()
    {
        var served = Normalize(await app.Client.GetStringAsync("/swagger/v1/swagger.yaml", TestContext.Current.CancellationToken));
        var path = Path.Combine(RepositoryRoot(), "openapi.yaml");
        if (Environment.GetEnvironmentVariable("INDEXHUB_UPDATE_OPENAPI") == "1")
        {
            await File.WriteAllTextAsync(path, served, TestContext.Current.CancellationToken);
        }
        Assert.True(File.Exists(path), "openapi.yaml is missing at the repository root (INDEXHUB_UPDATE_OPENAPI=1 writes it).");
        var committed = Normalize(await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken));
        Assert.True(committed == served,
            "openapi.yaml differs from what the service serves; if the change is intended, run INDEXHUB_UPDATE_OPENAPI=1 dotnet test -p:UseGeneratedClient=false --filter OpenApi.\n" + FirstDifference(committed, served));
    }

    [Fact]
    public async Task Every_operation_has_a_summary_description_and_parameter_examples()
    {
        var document = await app.Client.GetStringAsync("/swagger/v1/swagger.json", TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(document);
        foreach (var path in json.RootElement.GetProperty("paths").EnumerateObject())
        {
            foreach (var operation in path.Value.EnumerateObject())
            {
                var where = $"{operation.Name.ToUpperInvariant()} {path.Name}";
                Assert.True(operation.Value.TryGetProperty("summary", out _), $"{where} has no summary");
                Assert.True(operation.Value.TryGetProperty("description", out _), $"{where} has no description");
                if (operation.Value.TryGetProperty("parameters", out var parameters))
                {
                    foreach (var parameter in parameters.EnumerateArray())
                    {
                        var name = parameter.GetProperty("name").GetString();
                        Assert.True(parameter.TryGetProperty("example", out _), $"{where}: parameter {name} has no example");
                        Assert.True(parameter.TryGetProperty("description", out _), $"{where}: parameter {name} has no description");
                    }
                }
            }
        }
    }

    [Fact]
    public async Task Every_operation_called_with_its_examples_returns_real_figures()
    {
        var document = await app.Client.GetStringAsync("/swagger/v1/swagger.json", TestContext.Current.CancellationToken);
        using var json = JsonDocument.Parse(document);
        var called = 0;
        foreach (var (operationId, request) in ExampleRequests(json.RootElement))
        {
            using (request)
            {
                using var response = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);
                var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                Assert.True(response.IsSuccessStatusCode, $"{request.RequestUri}: {(int)response.StatusCode} {body}");
                // A fresh install has made no revisions yet; every other example has figures.
                if (operationId != "ListRevisions")
                {
                    Assert.DoesNotContain("\"totalCount\":0", body, StringComparison.Ordinal);
                    Assert.DoesNotContain("\"items\":[]", body, StringComparison.Ordinal);
                }
                Assert.Matches("[0-9]", body);
                called++;
            }
        }
        Assert.True(called >= 16, $"only {called} operations");
    }

    /// <summary>
    /// Swagger UI composes an answer's example from its schemas' property examples, so each schema's examples must be one
    /// real object: some object of that shape, in the answers to the operations' examples and the READMEs' example calls,
    /// has every example value. (A schema no such answer holds, such as a request body or an admin list, is not checked.)
    /// </summary>
    [Fact]
    public async Task Every_schema_example_is_one_real_object()
    {
        var ct = TestContext.Current.CancellationToken;
        var document = await app.Client.GetStringAsync("/swagger/v1/swagger.json", ct);
        using var json = JsonDocument.Parse(document);
        var objects = new List<(string Url, JsonObject Value)>();
        void Collect(string url, JsonNode? node)
        {
            switch (node)
            {
                case JsonObject o:
                    objects.Add((url, o));
                    foreach (var (_, child) in o)
                    {
                        Collect(url, child);
                    }
                    break;
                case JsonArray a:
                    foreach (var child in a)
                    {
                        Collect(url, child);
                    }
                    break;
            }
        }
        var requests = ExampleRequests(json.RootElement).Select(r => r.Request)
            .Concat(DocumentedReads().Select(url => new HttpRequestMessage(HttpMethod.Get, url)));
        foreach (var request in requests)
        {
            using (request)
            {
                using var response = await app.Client.SendAsync(request, ct);
                if (response.IsSuccessStatusCode && response.Content.Headers.ContentType?.MediaType == "application/json")
                {
                    Collect(request.RequestUri!.ToString(), JsonNode.Parse(await response.Content.ReadAsStringAsync(ct)));
                }
            }
        }

        var untrue = new List<string>();
        var checkedSchemas = 0;
        foreach (var schema in json.RootElement.GetProperty("components").GetProperty("schemas").EnumerateObject())
        {
            if (!schema.Value.TryGetProperty("properties", out var properties))
            {
                continue;
            }
            var names = properties.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
            var examples = properties.EnumerateObject()
                .Where(p => p.Value.TryGetProperty("example", out var e) && e.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
                .Select(p => (p.Name, Example: JsonNode.Parse(p.Value.GetProperty("example").GetRawText())))
                .ToList();
            var seen = objects.Where(o => o.Value.Select(p => p.Key).ToHashSet(StringComparer.Ordinal).SetEquals(names)).ToList();
            if (examples.Count == 0 || seen.Count == 0)
            {
                continue;
            }
            checkedSchemas++;
            var closest = seen.MaxBy(o => examples.Count(e => Same(e.Example, o.Value[e.Name])));
            var wrong = examples.Where(e => !Same(e.Example, closest.Value[e.Name])).ToList();
            if (wrong.Count > 0)
            {
                untrue.Add($"{schema.Name} (nearest real one in {closest.Url}): " +
                    string.Join("; ", wrong.Select(e => $"{e.Name} example {e.Example?.ToJsonString() ?? "null"}, real {closest.Value[e.Name]?.ToJsonString() ?? "null"}")));
            }
        }
        Assert.True(checkedSchemas >= 20, $"only {checkedSchemas} schemas were found in the answers");
        Assert.True(untrue.Count == 0, "These schemas' <example>s are no real object:\n" + string.Join("\n", untrue));
    }

    private static bool Same(JsonNode? example, JsonNode? real) => (example, real) switch
    {
        (null, null) => true,
        (JsonValue a, JsonValue b) when a.GetValueKind() == JsonValueKind.Number && b.GetValueKind() == JsonValueKind.Number =>
            a.GetValue<decimal>() == b.GetValue<decimal>(),
        _ => JsonNode.DeepEquals(example, real),
    };

    /// <summary>Each public read with its parameters' examples: path and query parameters in the URL, header parameters as headers.</summary>
    private static IEnumerable<(string OperationId, HttpRequestMessage Request)> ExampleRequests(JsonElement document)
    {
        foreach (var path in document.GetProperty("paths").EnumerateObject())
        {
            // Reads open to anyone; writes and admin reads need keys and are tested with them elsewhere.
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name == "get" && o.Value.GetProperty("security").GetArrayLength() == 0))
            {
                var url = path.Name;
                var query = new List<string>();
                var request = new HttpRequestMessage(HttpMethod.Get, (Uri?)null);
                if (operation.Value.TryGetProperty("parameters", out var parameters))
                {
                    foreach (var parameter in parameters.EnumerateArray())
                    {
                        var name = parameter.GetProperty("name").GetString()!;
                        var example = parameter.GetProperty("example");
                        var value = example.ValueKind == JsonValueKind.String ? example.GetString()! : example.GetRawText();
                        switch (parameter.GetProperty("in").GetString())
                        {
                            case "path":
                                url = url.Replace("{" + name + "}", Uri.EscapeDataString(value), StringComparison.Ordinal);
                                break;
                            case "header":
                                // If-None-Match's example is a tag no answer has, so it changes nothing but is sent as a client would.
                                request.Headers.TryAddWithoutValidation(name, value);
                                break;
                            default:
                                query.Add($"{name}={Uri.EscapeDataString(value)}");
                                break;
                        }
                    }
                }
                request.RequestUri = new Uri(query.Count == 0 ? url : $"{url}?{string.Join('&', query)}", UriKind.Relative);
                yield return (operation.Value.GetProperty("operationId").GetString()!, request);
            }
        }
    }

    /// <summary>The API reads the READMEs show as curl examples (README.md, docs/README.md).</summary>
    private static IEnumerable<string> DocumentedReads() =>
        new[] { "README.md", Path.Combine("docs", "README.md") }
            .SelectMany(file => File.ReadLines(Path.Combine(RepositoryRoot(), file)))
            .Select(line => DocumentedRead().Match(line))
            .Where(m => m.Success)
            .Select(m => m.Groups["path"].Value)
            .Distinct(StringComparer.Ordinal);

    [GeneratedRegex(@"^curl (-s )?'http://localhost:5080(?<path>/api/v1/[^']+)'")]
    private static partial Regex DocumentedRead();

    private static string Normalize(string text) => text.Replace("\r\n", "\n", StringComparison.Ordinal).TrimEnd() + "\n";

    private static string FirstDifference(string expected, string actual)
    {
        var a = expected.Split('\n');
        var b = actual.Split('\n');
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var left = i < a.Length ? a[i] : "<end>";
            var right = i < b.Length ? b[i] : "<end>";
            if (left != right)
            {
                return $"line {i + 1}:\n  committed: {left}\n  served:    {right}";
            }
        }
        return "";
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IndexHub.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("IndexHub.sln not found above " + AppContext.BaseDirectory);
    }
}
