using System.Globalization;
using System.Text.Json.Nodes;
using IndexHub.Api.Features.Keys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace IndexHub.Api.Infrastructure;

/// <summary>Marks an endpoint whose successful answer carries the written resource's <c>ETag</c> (to send back as If-Match).</summary>
public sealed class ETagMetadata;

public static class ContractSetup
{
    /// <summary>
    /// The contract as OpenAPI 3.1, whose schemas are JSON Schema 2020-12: a reference that may be null is
    /// <c>oneOf: [$ref, {type: 'null'}]</c>, which validators read as written (OpenAPI 3.0's <c>nullable</c> does not
    /// apply to a <c>$ref</c>, so 3.0 cannot say it); and the filters that make it exact.
    /// </summary>
    public static IServiceCollection AddIndexHubContract(this IServiceCollection services)
    {
        services.Configure<Swashbuckle.AspNetCore.Swagger.SwaggerOptions>(o => o.OpenApiVersion = OpenApiSpecVersion.OpenApi3_1);
        services.ConfigureSwaggerGen(options =>
        {
            options.SchemaFilter<ContractSchemas>();
            options.OperationFilter<ContractResponses>();
            options.DocumentFilter<ContractResponses>();
        });
        return services;
    }
}

public static class ContractMetadata
{
    /// <summary>The endpoint's successful answer carries an <c>ETag</c> for the resource it wrote.</summary>
    public static RouteHandlerBuilder ProducesETag(this RouteHandlerBuilder builder) => builder.WithMetadata(new ETagMetadata());
}

/// <summary>
/// Declares, for every operation, what the service's middleware and handlers actually answer, derived from the
/// endpoint's metadata rather than listed per endpoint:
/// <list type="bullet">
/// <item>the headers a client may send: <c>If-None-Match</c> and <c>IndexHub-Min-Data-Version</c> on every GET
/// (<see cref="ConditionalGetMiddleware"/>, <see cref="DataVersionHeaders"/>), <c>If-Match</c> where the endpoint
/// answers 412 or 428 (required where it answers 428);</item>
/// <item>the headers every answer carries (<see cref="Hardening"/>: <c>IndexHub-Version</c>, <c>X-RateLimit-Limit</c>),
/// the validators and caching headers of GETs and their 304s, <c>Retry-After</c> on 429 and 503,
/// <c>IndexHub-Data-Version</c> on successful writes, <c>Location</c> on 201, <c>WWW-Authenticate</c> on 401, each
/// defined once under <c>components/headers</c>;</item>
/// <item>the errors every operation can meet (400 from binding, validation and the NUL check; 414; 429; 500, whose
/// body reveals nothing; 503 while the database is away), 404 where a path names something, 401/403 where a key is needed, 415 where a body is
/// read, and 304 on GETs. What only one endpoint can answer (409, 412, 422, 428, 413) stays in its own
/// <c>.Produces...</c> metadata.</item>
/// </list>
/// </summary>
internal sealed class ContractResponses(SecurityOptions security) : IOperationFilter, IDocumentFilter
{
    public const string ETag = "ETag";
    public const string CacheControl = "Cache-Control";
    public const string RetryAfter = "Retry-After";
    public const string Location = "Location";
    public const string ContentDisposition = "Content-Disposition";
    public const string WwwAuthenticate = "WWW-Authenticate";
    public const string AllowOrigin = "Access-Control-Allow-Origin";

    private const string Problem = "application/problem+json";

    /// <summary>No CSV answer is longer: 20,000 rows (the longest list) of well under 5,000 characters.</summary>
    private const int CsvMaxLength = 100_000_000;

    /// <summary>Every header an answer may carry that a client may read, defined once.</summary>
    private static Dictionary<string, OpenApiHeader> Headers() => new(StringComparer.Ordinal)
    {
        [ServiceVersion.Header] = new()
        {
            Description = "The service's version (semantic version, and the source revision it was built from), to quote in a bug report. On every answer.",
            Required = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200, Pattern = @"^\d+\.\d+\.\d+" },
        },
        [ContractRules.RateLimitHeader] = new()
        {
            Description = "Requests a minute this client (its key once verified, else its address) may make of this kind: reads (GET) or writes. On every answer.",
            Required = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "1", Maximum = int.MaxValue.ToString(CultureInfo.InvariantCulture) },
        },
        [ETag] = new()
        {
            Description = "The answer's entity tag. Send it back as If-None-Match to get 304 while nothing changed; for a single result or target, as If-Match to change it.",
            Required = true,
            Schema = EntityTagSchema(),
        },
        [CacheControl] = new()
        {
            Description = "public, max-age=N (Http:CacheMaxAgeSeconds, 300 by default) on a GET's answer and its 304.",
            Required = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 200 },
        },
        [RetryAfter] = new()
        {
            Description = "Seconds to wait before retrying.",
            Required = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int32", Minimum = "0", Maximum = "3600" },
        },
        [DataVersionHeaders.ResponseHeader] = new()
        {
            Description = "The data version that holds this write. Send it as IndexHub-Min-Data-Version on a read to be answered at that version or later by any replica.",
            Required = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "0", Maximum = long.MaxValue.ToString(CultureInfo.InvariantCulture) },
        },
        [Location] = new()
        {
            Description = "Where the created resource is read.",
            Required = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri-reference", MaxLength = 2048 },
        },
        [ContentDisposition] = new()
        {
            Description = "attachment, with the file name, on the CSV form of a table.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 400 },
        },
        [WwwAuthenticate] = new()
        {
            Description = "How to authenticate: a key as X-Api-Key or Authorization: Bearer.",
            Required = true,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 400 },
        },
        [AllowOrigin] = new()
        {
            Description = "Sent to browsers whose Origin is one of Cors:AllowedOrigins (reads only); absent otherwise.",
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Format = "uri", MaxLength = 2048 },
        },
    };

    private static readonly (string Status, string Description)[] StatusDescriptions =
    [
        ("409", "Conflicts with what is held (the detail says what): nothing was written."),
        ("412", "If-Match does not hold the current ETag: it changed since it was read. Nothing was written; read it again."),
        ("413", "The body is larger than Imports:MaxBodyBytes."),
        ("422", "The table or statement has errors; nothing was written. `errors` lists every one: row (from 1; 0 is the header or the options), column, value and reason."),
        ("428", "If-Match is missing: read the resource first and send its ETag."),
    ];

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var document = context.Document;
        var metadata = context.ApiDescription.ActionDescriptor.EndpointMetadata;
        var isGet = string.Equals(context.ApiDescription.HttpMethod, HttpMethods.Get, StringComparison.OrdinalIgnoreCase);
        var policies = metadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToHashSet();
        var needsRole = policies.Contains(AuthorizationSetup.EditorPolicy) || policies.Contains(AuthorizationSetup.AdminPolicy);
        var needsKey = needsRole || security.RequireKeyForReads;
        operation.Responses ??= [];
        operation.Parameters ??= [];

        // The errors every operation can meet, and those its shape implies.
        Add(operation, "400", "A parameter, header or the body is malformed or out of range (`errors` names each), or a query value holds a NUL character.",
            context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Http.HttpValidationProblemDetails), context.SchemaRepository));
        var problem = context.SchemaGenerator.GenerateSchema(typeof(Microsoft.AspNetCore.Mvc.ProblemDetails), context.SchemaRepository);
        if (operation.Parameters.Any(p => p.In == ParameterLocation.Path))
        {
            Add(operation, "404", "Nothing has that code or id (the detail says what the code meant at other dates, where it did).", problem);
        }
        if (needsKey)
        {
            Add(operation, "401", needsRole
                ? "No key, or a key that is unknown or revoked."
                : "No key, or a key that is unknown or revoked (this deployment requires a key for reads: Security:RequireKeyForReads).", problem);
        }
        if (needsRole)
        {
            Add(operation, "403", "The key's role does not allow this: writes need an editor key, key management and the audit an admin key.", problem);
        }
        if (operation.RequestBody is not null)
        {
            Add(operation, "415", "The body is not in a media type the operation reads.", problem);
        }
        Add(operation, "414", "The query string is longer than Limits:MaxQueryStringLength characters.", problem);
        Add(operation, "429", "Too many requests from this client (Limits:ReadsPerMinute, Limits:WritesPerMinute); retry after Retry-After seconds.", problem);
        Add(operation, "500", "An unexpected error: the body reveals nothing of it but a traceId to quote; it has been logged.", problem);
        Add(operation, "503", "The database does not answer (it may be restarting or failing over); retry after Retry-After seconds.", problem);
        if (isGet)
        {
            operation.Responses["304"] = new OpenApiResponse { Description = "Not modified: the If-None-Match sent holds the current ETag. No body." };
        }
        foreach (var media in operation.Responses.Values.SelectMany(r => r.Content?.Where(c => c.Key == "text/csv").Select(c => c.Value) ?? []))
        {
            // A table as text: as long as its rows make it (the string bound of JSON fields does not apply).
            media.Schema = new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = CsvMaxLength, Description = "The table as CSV: UTF-8 with a byte-order mark, one header row." };
        }

        // What an endpoint declared with a bare status, said once for all.
        foreach (var (status, words) in StatusDescriptions)
        {
            if (operation.Responses.TryGetValue(status, out var declared) && declared is OpenApiResponse own && own.Description == ReasonPhrase(status))
            {
                own.Description = words;
            }
        }

        // The headers a client may send.
        var ifMatchRequired = operation.Responses.ContainsKey("428");
        if (ifMatchRequired || operation.Responses.ContainsKey("412"))
        {
            AddHeaderParameter(operation, "If-Match", ifMatchRequired,
                "The ETag of the resource as read (GET), so that a change made since is not overwritten: a stale one gets 412" + (ifMatchRequired ? ", none 428." : "."),
                "\"6Jm5s0Xj1v0i4cR8b2kQ7A\"", EntityTagSchema());
        }
        if (isGet)
        {
            AddHeaderParameter(operation, "If-None-Match", false,
                "ETags of answers held (or *): an unchanged answer is 304 with no body, before any query runs.",
                "\"v0-20240101-000000000000\"", new OpenApiSchema { Type = JsonSchemaType.String, MaxLength = 2048 });
            AddHeaderParameter(operation, DataVersionHeaders.RequestHeader, false,
                "A data version (the IndexHub-Data-Version of a write): the answer is at that version or later, whichever replica takes the request.",
                0, new OpenApiSchema { Type = JsonSchemaType.Integer, Format = "int64", Minimum = "0", Maximum = long.MaxValue.ToString(CultureInfo.InvariantCulture) });
        }

        // The headers each answer carries.
        var csv = metadata.OfType<CsvExportMetadata>().Any();
        var writesETag = metadata.OfType<ETagMetadata>().Any();
        foreach (var (status, candidate) in operation.Responses)
        {
            if (candidate is not OpenApiResponse response)
            {
                continue;
            }
            var code = int.Parse(status, CultureInfo.InvariantCulture);
            var headers = new List<string> { ServiceVersion.Header, ContractRules.RateLimitHeader, AllowOrigin };
            if (isGet && code is 200 or 304)
            {
                headers.AddRange([ETag, CacheControl]);
            }
            if (isGet && code == 200 && csv)
            {
                headers.Add(ContentDisposition);
            }
            if (!isGet && code is >= 200 and < 300)
            {
                headers.Add(DataVersionHeaders.ResponseHeader);
                if (writesETag && code != 204)
                {
                    headers.Add(ETag);
                }
            }
            if (code == 201)
            {
                headers.Add(Location);
            }
            if (code == 401)
            {
                headers.Add(WwwAuthenticate);
            }
            if (code is 429 or 503)
            {
                headers.Add(RetryAfter);
            }
            response.Headers = headers.ToDictionary(h => h, IOpenApiHeader (h) => new OpenApiHeaderReference(h, document), StringComparer.Ordinal);
        }

        // In the order of their codes, as a reader looks them up.
        var ordered = operation.Responses.OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        operation.Responses.Clear();
        foreach (var (status, response) in ordered)
        {
            operation.Responses[status] = response;
        }
    }

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        document.Components ??= new OpenApiComponents();
        document.Components.Headers = Headers().ToDictionary(h => h.Key, IOpenApiHeader (h) => h.Value, StringComparer.Ordinal);
    }

    /// <summary>An entity tag as RFC 9110 writes it: optionally weak, quoted, visible characters but the quote.</summary>
    private static OpenApiSchema EntityTagSchema() => new() { Type = JsonSchemaType.String, MaxLength = 200, Pattern = "^(W/)?\"[\\x21\\x23-\\x7E]*\"$" };

    /// <summary>A problem answer, unless the endpoint declared that status itself (its own schema and words stand).</summary>
    private static void Add(OpenApiOperation operation, string status, string description, IOpenApiSchema schema)
    {
        if (operation.Responses!.TryGetValue(status, out var declared))
        {
            if (declared is OpenApiResponse own && (string.IsNullOrEmpty(own.Description) || own.Description == ReasonPhrase(status)))
            {
                own.Description = description;
            }
            return;
        }
        operation.Responses[status] = new OpenApiResponse
        {
            Description = description,
            Content = new Dictionary<string, OpenApiMediaType> { [Problem] = new() { Schema = schema } },
        };
    }

    private static string ReasonPhrase(string status) =>
        Microsoft.AspNetCore.WebUtilities.ReasonPhrases.GetReasonPhrase(int.Parse(status, CultureInfo.InvariantCulture));

    private static void AddHeaderParameter(OpenApiOperation operation, string name, bool required, string description, JsonNode example, OpenApiSchema schema)
    {
        operation.Parameters ??= [];
        if (operation.Parameters.Any(p => p.In == ParameterLocation.Header && string.Equals(p.Name, name, StringComparison.OrdinalIgnoreCase)))
        {
            return;
        }
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = name,
            In = ParameterLocation.Header,
            Required = required,
            Description = description,
            Example = example,
            Schema = schema,
        });
    }
}
