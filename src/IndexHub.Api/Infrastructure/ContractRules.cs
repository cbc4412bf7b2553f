using System.Globalization;
using IndexHub.Api.Features.Keys;
using Microsoft.AspNetCore.Authorization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace IndexHub.Api.Infrastructure;

/// <summary>
/// Makes the published contract state what the service enforces, in the terms API security linters read
/// (OWASP API Security Top 10 via Spectral): how to authenticate and the bounds of every number, string and list.
/// </summary>
internal sealed class ContractRules(LimitsOptions limits, SecurityOptions security) : IDocumentFilter, IOperationFilter
{
    public const string ApiKeyScheme = "ApiKey";
    public const string BearerScheme = "Bearer";
    public const string AdminKeyScheme = "AdminApiKey";
    public const string AdminBearerScheme = "AdminBearer";
    public const string RateLimitHeader = "X-RateLimit-Limit";

    /// <summary>
    /// No string the service stores or returns is longer: the longest stored column is 2,000 characters
    /// (source notes) and composed texts (titles, messages) stay well below this.
    /// </summary>
    public const int MaxStringLength = 4000;

    /// <summary>A state held as JSON text (the audit's before and after): as long as the largest import makes it.</summary>
    public const int MaxDocumentLength = 100_000_000;

    /// <summary>
    /// A problem may quote the request (its path in instance, a code or value in detail and errors): Kestrel reads a
    /// request line of at most 8,192 bytes, and the words around the quote are short.
    /// </summary>
    public const int MaxEchoedLength = 16_384;

    /// <summary>No list the service returns is longer: lists are paged, or bounded by one cohort's units, and 20,000 leaves room for a commune-level cohort.</summary>
    public const int MaxListLength = 20000;

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var policies = context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<IAuthorizeData>().Select(a => a.Policy).ToList();
        var admin = policies.Contains(AuthorizationSetup.AdminPolicy);
        var keyRequired = admin || policies.Contains(AuthorizationSetup.EditorPolicy);
        var document = context.Document;
        // Admin operations name their own schemes (the same headers, an admin key), so the contract tells them apart.
        var apiKey = new OpenApiSecuritySchemeReference(admin ? AdminKeyScheme : ApiKeyScheme, document);
        var bearer = new OpenApiSecuritySchemeReference(admin ? AdminBearerScheme : BearerScheme, document);
        operation.Security =
        [
            new OpenApiSecurityRequirement { [apiKey] = [] },
            new OpenApiSecurityRequirement { [bearer] = [] },
        ];
        if (!keyRequired && !security.RequireKeyForReads)
        {
            // Reads are public (unless a deployment sets Security:RequireKeyForReads, whose document then says so):
            // no requirement, so that Swagger UI draws no padlock on them, and an open one on what needs a key.
            operation.Security = [];
        }
    }

    /// <summary>The order a reader needs: what there is, then the figures, then how to change them.</summary>
    private static readonly (string Name, string Description)[] TagOrder =
    [
        ("Provinces", "The provinces over time (63 until 2025-06-30, 34 since), their names, lineage, scorecards and series."),
        ("Indices", "The six indices, their editions, components and tiers; rankings by year; the years held."),
        ("Results", "One result, its sources and its revisions."),
        ("Compare", "Provinces side by side across one index's components."),
        ("Targets", "Goals provinces set for their index results, who leads them, and how they stand."),
        ("Regions", "The six socio-economic regions."),
        ("Imports", "Writing published tables (editor key)."),
        ("Admin", "Keys and the audit (admin key)."),
    ];

    public void Apply(OpenApiDocument document, DocumentFilterContext context)
    {
        var used = document.Paths.Values.Where(p => p.Operations is not null).SelectMany(p => p.Operations!.Values)
            .SelectMany(o => o.Tags ?? new HashSet<OpenApiTagReference>()).Select(t => t.Name).ToHashSet();
        document.Tags = new HashSet<OpenApiTag>(TagOrder.Where(t => used.Contains(t.Name)).Select(t => new OpenApiTag { Name = t.Name, Description = t.Description }));
        document.Components ??= new OpenApiComponents();
        document.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
        document.Components.SecuritySchemes[ApiKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "A key made with `IndexHub keys create`: a reader key where Security:RequireKeyForReads is set, an editor key for writes.",
        };
        document.Components.SecuritySchemes[AdminKeyScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.ApiKey,
            In = ParameterLocation.Header,
            Name = "X-Api-Key",
            Description = "An admin key (`IndexHub keys create --role Admin`), for /admin and /audit.",
        };
        document.Components.SecuritySchemes[AdminBearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "An admin key sent as Authorization: Bearer.",
        };
        document.Components.SecuritySchemes[BearerScheme] = new OpenApiSecurityScheme
        {
            Type = SecuritySchemeType.Http,
            Scheme = "bearer",
            Description = "The same key sent as Authorization: Bearer.",
        };

        foreach (var schema in document.Components.Schemas?.Values ?? [])
        {
            Bound(schema, null);
        }
        foreach (var operation in (document.Paths ?? []).Values.SelectMany(p => p.Operations?.Values.AsEnumerable() ?? []))
        {
            foreach (var parameter in (operation.Parameters ?? []).OfType<OpenApiParameter>())
            {
                Bound(parameter.Schema, parameter.Name);
            }
            foreach (var media in operation.RequestBody?.Content?.Values ?? [])
            {
                Bound(media.Schema, null);
            }
            foreach (var media in (operation.Responses ?? []).Values.SelectMany(r => r.Content?.Values ?? []))
            {
                Bound(media.Schema, null);
            }
        }
    }

    private void Bound(IOpenApiSchema? candidate, string? parameter)
    {
        if (candidate is not OpenApiSchema schema)
        {
            return; // a reference: bounded where it is defined
        }
        var type = schema.Type ?? 0;
        if (type.HasFlag(JsonSchemaType.Integer) && schema.Minimum is null && schema.Maximum is null)
        {
            (schema.Minimum, schema.Maximum) = IntegerRange(schema.Format, parameter);
        }
        if (type.HasFlag(JsonSchemaType.String) && schema.MaxLength is null && schema.Enum is not { Count: > 0 } && schema.Const is null)
        {
            schema.MaxLength = parameter is null ? MaxStringLength : limits.MaxQueryStringLength;
        }
        if (type.HasFlag(JsonSchemaType.Array) && schema.MaxItems is null)
        {
            schema.MaxItems = MaxListLength;
        }
        Bound(schema.Items, null);
        Bound(schema.AdditionalProperties, null);
        foreach (var child in (schema.Properties?.Values ?? []).Concat(schema.AllOf ?? []).Concat(schema.AnyOf ?? []).Concat(schema.OneOf ?? []))
        {
            Bound(child, null);
        }
    }

    private (string Minimum, string Maximum) IntegerRange(string? format, string? parameter)
    {
        static string Text(long value) => value.ToString(CultureInfo.InvariantCulture);
        var earliest = CommonRules.EarliestDate.Year;
        var latest = CommonRules.LatestDate.Year;
        return parameter switch
        {
            "year" or "from" or "to" => (Text(earliest), Text(latest)),
            "page" => ("1", Text(int.MaxValue)),
            "pageSize" => ("1", Text(limits.MaxPageSize)),
            "revision" => ("0", Text(int.MaxValue)),
            _ when format == "int64" => (Text(long.MinValue), Text(long.MaxValue)),
            _ => (Text(int.MinValue), Text(int.MaxValue)),
        };
    }
}
