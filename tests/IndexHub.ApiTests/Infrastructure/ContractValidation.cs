using System.Collections.Concurrent;
using System.Globalization;
using System.IO.Compression;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Json.Schema;
using YamlDotNet.RepresentationModel;

namespace IndexHub.ApiTests.Infrastructure;

/// <summary>
/// openapi.yaml as a checker of answers: for an answer to a method and path, the operation it belongs to, whether the
/// operation declares its status and media type, whether the body is valid against the declared schema (JSON Schema
/// 2020-12, as OpenAPI 3.1 writes schemas; formats such as date-time checked) and whether the declared headers are
/// there and well formed. What the contract does not describe is a violation too: an undeclared status, a media type
/// or a body the response does not declare.
/// </summary>
public sealed partial class Contract
{
    private const string DefinitionsId = "https://contract.indexhub.test/openapi.json";
    private const string SchemaDialect = "https://json-schema.org/draft/2020-12/schema";

    private static readonly Lazy<Contract> CommittedContract = new(() => FromYaml(File.ReadAllText(Path.Combine(RepositoryRoot(), "openapi.yaml"))));

    private readonly JsonObject _document;
    private readonly List<(string Template, Regex Pattern, int Parameters)> _paths;
    private readonly BuildOptions _build;
    private readonly ConcurrentDictionary<string, JsonSchema> _schemas = new(StringComparer.Ordinal);
    private readonly EvaluationOptions _evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
    private int _built;

    /// <summary>The committed contract, openapi.yaml at the repository root.</summary>
    public static Contract Committed => CommittedContract.Value;

    private Contract(JsonObject document)
    {
        _document = document;
        _paths = [.. ((JsonObject)document["paths"]!).Select(p => (p.Key, PathPattern(p.Key), p.Key.Count(c => c == '{')))];
        // The component schemas, as one schema document the answers' schemas refer to.
        var definitions = new JsonObject
        {
            ["$schema"] = SchemaDialect,
            ["$id"] = DefinitionsId,
            ["$defs"] = Rewrite(document["components"]?["schemas"]?.DeepClone() ?? new JsonObject()),
        };
        _build = new BuildOptions { SchemaRegistry = new SchemaRegistry() };
        JsonSchema.FromText(definitions.ToJsonString(), _build);
    }

    public static Contract FromYaml(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return new Contract((JsonObject)ToJson(stream.Documents[0].RootNode)!);
    }

    public static Contract FromJson(string json) => new((JsonObject)JsonNode.Parse(json)!);

    /// <summary>Whether an answer to this method and path is one the contract describes (an operation of it).</summary>
    public bool Describes(string method, string path) => Operation(method, path) is not null;

    /// <summary>What is wrong with an answer, by the contract: nothing when the list is empty.</summary>
    public IReadOnlyList<string> Check(string method, string path, int status, string? mediaType, byte[] body, Func<string, string?> header)
    {
        var problems = new List<string>();
        if (Operation(method, path) is not { } found)
        {
            return problems;
        }
        var (template, operation) = found;
        var where = $"{method.ToUpperInvariant()} {template}";
        var responses = operation["responses"]?.AsObject();
        var code = status.ToString(CultureInfo.InvariantCulture);
        var key = responses?.ContainsKey(code) == true ? code
            : responses?.ContainsKey(code[0] + "XX") == true ? code[0] + "XX"
            : responses?.ContainsKey("default") == true ? "default"
            : null;
        if (key is null)
        {
            problems.Add($"{where} does not declare status {status} (declared: {string.Join(", ", responses?.Select(r => r.Key) ?? [])})");
            return problems;
        }
        var response = Resolve(responses![key]!).AsObject();

        foreach (var (name, declared) in response["headers"]?.AsObject() ?? [])
        {
            var definition = Resolve(declared!);
            var value = header(name);
            if (value is null)
            {
                if (definition["required"]?.GetValue<bool>() == true)
                {
                    problems.Add($"{where} {status}: header {name} is required but missing");
                }
                continue;
            }
            if (definition["schema"] is { } headerSchema)
            {
                foreach (var error in Evaluate($"{where}|{key}|header:{name}", headerSchema, HeaderInstance(value, headerSchema)))
                {
                    problems.Add($"{where} {status}: header {name}: '{value}' {error}");
                }
            }
        }

        var content = response["content"]?.AsObject();
        var isHead = string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase);
        if (body.Length == 0)
        {
            if (content is { Count: > 0 } && !isHead && status != 204 && status != 304)
            {
                problems.Add($"{where} {status}: the body is empty, but the contract declares {string.Join(", ", content.Select(c => c.Key))}");
            }
            return problems;
        }
        if (content is null || content.Count == 0)
        {
            problems.Add($"{where} {status}: a body ({mediaType}) where the contract declares none");
            return problems;
        }
        if (mediaType is null || !content.ContainsKey(mediaType))
        {
            problems.Add($"{where} {status}: media type {mediaType ?? "(none)"} is not declared (declared: {string.Join(", ", content.Select(c => c.Key))})");
            return problems;
        }
        if (content[mediaType]?["schema"] is not { } schema)
        {
            return problems;
        }
        JsonElement instance;
        if (mediaType.EndsWith("json", StringComparison.Ordinal))
        {
            try
            {
                instance = JsonDocument.Parse(body).RootElement;
            }
            catch (JsonException e)
            {
                problems.Add($"{where} {status}: the body is not JSON: {e.Message}");
                return problems;
            }
        }
        else
        {
            // A text body (CSV) is checked as the string it is.
            instance = JsonSerializer.SerializeToElement(Encoding.UTF8.GetString(body));
        }
        problems.AddRange(Evaluate($"{where}|{key}|{mediaType}", schema, instance).Select(error => $"{where} {status}: {error}"));
        return problems;
    }

    private IEnumerable<string> Evaluate(string cacheKey, JsonNode schema, JsonElement instance)
    {
        var built = _schemas.GetOrAdd(cacheKey, _ =>
        {
            var document = Rewrite(schema.DeepClone()) as JsonObject ?? new JsonObject();
            if (document.ContainsKey("$ref") && document.Count > 1)
            {
                document = new JsonObject { ["allOf"] = new JsonArray(document) };
            }
            document["$schema"] = SchemaDialect;
            document["$id"] = $"https://contract.indexhub.test/answer/{Interlocked.Increment(ref _built)}";
            return JsonSchema.FromText(document.ToJsonString(), _build);
        });
        var results = built.Evaluate(instance, _evaluation);
        if (results.IsValid)
        {
            return [];
        }
        return (results.Details ?? []).Prepend(results)
            .Where(d => d.Errors is { Count: > 0 })
            .SelectMany(d => d.Errors!.Select(e => $"at {(d.InstanceLocation.ToString() is { Length: > 0 } at ? at : "/")}: {e.Value}"))
            .Distinct()
            .Take(25);
    }

    private static JsonElement HeaderInstance(string value, JsonNode schema)
    {
        var type = schema["type"]?.ToJsonString() ?? "";
        if ((type.Contains("integer", StringComparison.Ordinal) && long.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole)))
        {
            return JsonSerializer.SerializeToElement(whole);
        }
        if (type.Contains("number", StringComparison.Ordinal) && decimal.TryParse(value, NumberStyles.Number, CultureInfo.InvariantCulture, out var number))
        {
            return JsonSerializer.SerializeToElement(number);
        }
        return JsonSerializer.SerializeToElement(value);
    }

    private (string Template, JsonObject Operation)? Operation(string method, string path)
    {
        var verb = string.Equals(method, "HEAD", StringComparison.OrdinalIgnoreCase) ? "get" : method.ToLowerInvariant();
        var candidates = _paths.Where(p => p.Pattern.IsMatch(path)).OrderBy(p => p.Parameters).ToList();
        foreach (var (template, _, _) in candidates)
        {
            if (_document["paths"]![template]![verb] is JsonObject operation)
            {
                return (template, operation);
            }
        }
        return null;
    }

    /// <summary>A $ref within the document (#/components/...), followed.</summary>
    private JsonNode Resolve(JsonNode node)
    {
        while (node is JsonObject o && o["$ref"]?.GetValue<string>() is { } reference && reference.StartsWith("#/", StringComparison.Ordinal))
        {
            node = reference[2..].Split('/').Aggregate<string, JsonNode?>(_document, (at, part) => at?[part.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)])
                ?? throw new InvalidOperationException($"openapi.yaml: {reference} names nothing");
        }
        return node;
    }

    /// <summary>References to component schemas made to point into the definitions document.</summary>
    private static JsonNode? Rewrite(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject o:
                foreach (var (name, child) in o.ToList())
                {
                    if (name == "$ref" && child?.GetValue<string>() is { } reference && reference.StartsWith("#/components/schemas/", StringComparison.Ordinal))
                    {
                        o[name] = DefinitionsId + "#/$defs/" + reference["#/components/schemas/".Length..];
                    }
                    else
                    {
                        Rewrite(child);
                    }
                }
                break;
            case JsonArray a:
                foreach (var child in a)
                {
                    Rewrite(child);
                }
                break;
        }
        return node;
    }

    private static Regex PathPattern(string template) =>
        new("^" + TemplateParameter().Replace(Regex.Escape(template).Replace("\\{", "{", StringComparison.Ordinal), "[^/]+") + "$", RegexOptions.CultureInvariant);

    [GeneratedRegex("\\{[^}/]+\\}")]
    private static partial Regex TemplateParameter();

    /// <summary>YAML as JSON: a plain scalar is read as YAML 1.2's core schema reads it (null, booleans, numbers), a quoted one is a string.</summary>
    private static JsonNode? ToJson(YamlNode node) => node switch
    {
        YamlMappingNode map => new JsonObject(map.Children.Select(c => KeyValuePair.Create(((YamlScalarNode)c.Key).Value!, ToJson(c.Value)))),
        YamlSequenceNode list => new JsonArray([.. list.Children.Select(ToJson)]),
        YamlScalarNode { Style: YamlDotNet.Core.ScalarStyle.Plain } scalar => Plain(scalar.Value ?? ""),
        YamlScalarNode scalar => JsonValue.Create(scalar.Value),
        _ => throw new InvalidOperationException($"openapi.yaml: unexpected node {node.NodeType}"),
    };

    private static JsonNode? Plain(string text) => text switch
    {
        "" or "~" or "null" or "Null" or "NULL" => null,
        "true" or "True" or "TRUE" => JsonValue.Create(true),
        "false" or "False" or "FALSE" => JsonValue.Create(false),
        _ when long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var whole) => JsonValue.Create(whole),
        _ when PlainNumber().IsMatch(text) => JsonValue.Create(decimal.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture)),
        _ => JsonValue.Create(text),
    };

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex PlainNumber();

    internal static string RepositoryRoot()
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

/// <summary>An answer the contract does not describe: fails the test that received it.</summary>
public sealed class ContractViolationException(string message) : Exception(message);

/// <summary>
/// Checks every answer the test clients receive against the contract (<see cref="Contract"/>), and throws
/// <see cref="ContractViolationException"/> for one it does not describe, naming the property path. Answers to requests
/// outside the contract (the explorer's pages, /health, /swagger) pass unchecked; a test that provokes an answer the
/// contract rightly leaves out (a Kestrel refusal, say) marks its request with <see cref="Unchecked"/> and says why.
/// </summary>
public sealed class ContractValidatingHandler(Func<Contract> contract) : DelegatingHandler
{
    /// <summary>Set on a request (with the reason) to leave its answer unchecked.</summary>
    public static readonly HttpRequestOptionsKey<string> Unchecked = new("IndexHub.ContractUnchecked");

    private int _checked;

    /// <summary>How many answers have been checked against the contract so far.</summary>
    public int Checked => Volatile.Read(ref _checked);

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var response = await base.SendAsync(request, cancellationToken);
        var path = request.RequestUri is { IsAbsoluteUri: true } uri ? uri.AbsolutePath : request.RequestUri?.OriginalString.Split('?')[0] ?? "";
        var rules = contract();
        if (request.Options.TryGetValue(Unchecked, out _) || !rules.Describes(request.Method.Method, path))
        {
            return response;
        }
        await response.Content.LoadIntoBufferAsync(cancellationToken);
        var body = Decoded(await response.Content.ReadAsByteArrayAsync(cancellationToken), response.Content.Headers.ContentEncoding);
        var problems = rules.Check(request.Method.Method, path, (int)response.StatusCode, response.Content.Headers.ContentType?.MediaType, body,
            name => Header(response, name));
        Interlocked.Increment(ref _checked);
        if (problems.Count > 0)
        {
            var text = Encoding.UTF8.GetString(body);
            throw new ContractViolationException(
                $"The answer to {request.Method} {request.RequestUri} breaks openapi.yaml:\n  {string.Join("\n  ", problems)}\n" +
                $"The answer ({(int)response.StatusCode}, {response.Content.Headers.ContentType}): {(text.Length > 1500 ? text[..1500] + "..." : text)}");
        }
        return response;
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(", ", values)
            : null;

    /// <summary>The body as the client reads it: a compressed answer (the client asked with Accept-Encoding) decompressed.</summary>
    private static byte[] Decoded(byte[] body, ICollection<string> encodings)
    {
        foreach (var encoding in encodings.Reverse())
        {
            using var input = new MemoryStream(body);
            using Stream decoder = encoding.ToUpperInvariant() switch
            {
                "BR" => new BrotliStream(input, CompressionMode.Decompress),
                "GZIP" => new GZipStream(input, CompressionMode.Decompress),
                "DEFLATE" => new ZLibStream(input, CompressionMode.Decompress),
                _ => input,
            };
            using var output = new MemoryStream();
            decoder.CopyTo(output);
            body = output.ToArray();
        }
        return body;
    }
}
