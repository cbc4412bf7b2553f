using IndexHub.ApiTests.Infrastructure;

namespace IndexHub.ApiTests;

/// <summary>
/// openapi.yaml at the repository root is the committed contract. When the served document differs,
/// this fails; after an intended change, rewrite it with
/// <c>INDEXHUB_UPDATE_OPENAPI=1 dotnet test -p:UseGeneratedClient=false --filter OpenApi</c> (the generated client is built from the file being rewritten).
/// </summary>
public sealed class OpenApiContractTests(SqliteApp app) : IClassFixture<SqliteApp>
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
        using var json = System.Text.Json.JsonDocument.Parse(document);
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
        using var json = System.Text.Json.JsonDocument.Parse(document);
        var called = 0;
        foreach (var path in json.RootElement.GetProperty("paths").EnumerateObject())
        {
            // Reads open to anyone; writes and admin reads need keys and are tested with them elsewhere.
            foreach (var operation in path.Value.EnumerateObject().Where(o => o.Name == "get" && o.Value.GetProperty("security").GetArrayLength() == 0))
            {
                var url = path.Name;
                var query = new List<string>();
                using var request = new HttpRequestMessage(HttpMethod.Get, (Uri?)null);
                if (operation.Value.TryGetProperty("parameters", out var parameters))
                {
                    foreach (var parameter in parameters.EnumerateArray())
                    {
                        var name = parameter.GetProperty("name").GetString()!;
                        var example = parameter.GetProperty("example");
                        var value = example.ValueKind == System.Text.Json.JsonValueKind.String ? example.GetString()! : example.GetRawText();
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
                var full = query.Count == 0 ? url : $"{url}?{string.Join('&', query)}";
                request.RequestUri = new Uri(full, UriKind.Relative);
                using var response = await app.Client.SendAsync(request, TestContext.Current.CancellationToken);
                var body = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
                Assert.True(response.IsSuccessStatusCode, $"{full}: {(int)response.StatusCode} {body}");
                // A fresh install has made no revisions yet; every other example has figures.
                if (operation.Value.GetProperty("operationId").GetString() != "ListRevisions")
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
