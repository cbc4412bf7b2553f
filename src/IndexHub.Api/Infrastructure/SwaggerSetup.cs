using System.Text.Json.Nodes;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace IndexHub.Api.Infrastructure;

public static class SwaggerSetup
{
    public const string DocumentName = "v1";

    public static IServiceCollection AddIndexHubSwagger(this IServiceCollection services)
    {
        services.AddEndpointsApiExplorer();
        services.AddSwaggerGen(options =>
        {
            options.SwaggerDoc(DocumentName, new OpenApiInfo
            {
                Title = "IndexHub API",
                Version = "v1",
                Description = """
                    Vietnam's governance indices (PAR Index, SIPAS, PCI, PAPI, DTI, DDCI) for portals and dashboards:
                    the provinces over time (63 until 2025-06-30, 34 from 2025-07-01), the index catalogue, and results with their sources.
                    Errors are RFC 9457 problem details. Published figures only: nothing is invented.
                    """,
            });
            options.IncludeXmlComments(Path.Combine(AppContext.BaseDirectory, "IndexHub.Api.xml"));
            options.SupportNonNullableReferenceTypes();
            options.OperationFilter<CsvDocumentation>();
            options.OperationFilter<ParameterDocumentation>();
            options.OperationFilter<UploadDocumentation>();
            options.OperationFilter<ContractRules>();
            options.DocumentFilter<ContractRules>();
            // Endpoint names are already unique per operation; using them keeps operation ids stable.
            options.CustomOperationIds(api => api.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName);
        });
        services.AddIndexHubContract();
        return services;
    }
}

/// <summary>Documents the CSV form of the endpoints that have one: the format parameter and the text/csv response.</summary>
internal sealed class CsvDocumentation : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (!context.ApiDescription.ActionDescriptor.EndpointMetadata.OfType<CsvExportMetadata>().Any())
        {
            return;
        }
        operation.Parameters ??= [];
        operation.Parameters.Add(new OpenApiParameter
        {
            Name = "format",
            In = ParameterLocation.Query,
            Schema = new OpenApiSchema { Type = JsonSchemaType.String, Enum = [JsonValue.Create("json"), JsonValue.Create("csv")] },
        });
        if (operation.Responses?.TryGetValue("200", out var ok) == true && ok is OpenApiResponse response)
        {
            response.Content ??= new Dictionary<string, OpenApiMediaType>();
            response.Content["text/csv"] = new OpenApiMediaType { Schema = new OpenApiSchema { Type = JsonSchemaType.String } };
        }
    }
}

/// <summary>
/// Bodies that accept a table in several forms: JSON keeps its schema, text/csv is the CSV text itself,
/// and multipart/form-data is a file in the field <c>file</c>.
/// </summary>
internal sealed class UploadDocumentation : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        var content = operation.RequestBody?.Content;
        if (content is null)
        {
            return;
        }
        if (content.ContainsKey("text/csv"))
        {
            content["text/csv"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema { Type = JsonSchemaType.String, Description = "The table as CSV, UTF-8, one header row." },
            };
        }
        if (content.ContainsKey("multipart/form-data"))
        {
            content["multipart/form-data"] = new OpenApiMediaType
            {
                Schema = new OpenApiSchema
                {
                    Type = JsonSchemaType.Object,
                    Required = new HashSet<string> { "file" },
                    Properties = new Dictionary<string, IOpenApiSchema>
                    {
                        ["file"] = new OpenApiSchema { Type = JsonSchemaType.String, Format = "binary", Description = "The table as a CSV file." },
                    },
                },
            };
        }
    }
}

/// <summary>Gives every query and route parameter a description and an example that returns real figures.</summary>
internal sealed class ParameterDocumentation : IOperationFilter
{
    private static readonly Dictionary<string, (string Description, JsonNode Example)> Common = new(StringComparer.Ordinal)
    {
        ["asOf"] = ("A day (yyyy-MM-dd, 2004-01-01 to 2100-12-31). Codes and names are read as they were that day. Default: today in Vietnam.", "2024-01-01"),
        ["year"] = ("A year (2004-2100). With asOf, asOf must fall in it; alone, the geography of its last day is used.", 2023),
        ["region"] = ("A region's code, order (1-6) or name, with or without diacritics (see GET /api/v1/regions).", "mekong-river-delta"),
        ["q"] = ("Any spelling of a province's name, with or without diacritics, or its code; matches part of a name.", "ho chi minh"),
        ["page"] = ("Page number, from 1.", 1),
        ["pageSize"] = ($"Items per page, 1 to {CommonRules.MaxPageSize}. Default 100.", 100),
        ["name"] = ("Any spelling of a province's name: with or without diacritics, any case, as publishers write it.", "TP.HCM"),
        ["type"] = ("department, district or commune.", "department"),
        ["format"] = ("json (default) or csv; Accept: text/csv does the same. CSV is UTF-8 with one header row.", "json"),
        ["cohort"] = ("A cohort code: provinces-64, provinces-63, provinces-34, or a province's own (01-departments, 01-districts). Default: the national cohort.", "provinces-63"),
        ["sort"] = ("rank (default), score, -score, name or code.", "rank"),
        ["index"] = ("Index codes, comma-separated (PAR,SIPAS,PCI,PAPI,DTI,DDCI); default all.", "PAR,PAPI"),
        ["from"] = ("First year (2004-2100).", 2018),
        ["to"] = ("Last year (2004-2100).", 2024),
        ["revision"] = ("Read the figures as they stood after this revision (0: as shipped); see the revisions endpoint.", 0),
        ["dryRun"] = ("Check and report what would change, writing nothing.", true),
        ["edition"] = ("The edition code, where the year alone does not say (see GET /api/v1/indices/{code}).", "PCI-2021"),
        ["geography"] = ("The day whose provinces the table names; default the year's last day (DTI 2024: 2025-07-01).", "2021-12-31"),
        ["sourcePublisher"] = ("The table's publisher, for every row without its own source columns.", "VCCI"),
        ["sourceTitle"] = ("The table's title.", "PCI 2021"),
        ["sourceUrl"] = ("The table's URL.", "https://pcivietnam.vn/bang-xep-hang"),
        ["sourceDate"] = ("The table's publication date.", "2022-05-05"),
        ["sourceKind"] = ("Who published the table: publisher (the index's own), official (a government portal), press or secondary (a compiled data set). Decides which figure leads where sources disagree; required.", "publisher"),
        ["operation"] = ("import, update, delete, key.create or key.revoke.", "import"),
        ["actor"] = ("The key name (or cli:user) that wrote.", "Portal editors"),
        ["unit"] = ("The unit by code or by any name.", "79"),
        ["key"] = ("The key's id or prefix.", "3"),
        ["units"] = ($"Province codes, comma-separated, at most 20; read on the geography of the year's table.", "79,01,92"),
    };

    // Per operation, where the common example would not return real figures there.
    private static readonly Dictionary<string, (string? Description, JsonNode Example)> Overrides = new(StringComparer.Ordinal)
    {
        ["ListProvinces.asOf"] = (null, "2023-12-31"),
        ["ListProvinces.region"] = (null, "southeast"),
        ["GetProvince.code"] = ("The province's 2-digit GSO code. Codes were reused in 2025, so the code is read on asOf.", "92"),
        ["GetProvince.asOf"] = (null, "2025-07-01"),
        ["ListProvinceUnits.code"] = ("The province's 2-digit GSO code, read on asOf.", "01"),
        ["GetIndex.code"] = ("The index code: PAR, SIPAS, PCI, PAPI, DTI or DDCI (any case).", "PAPI"),
        ["GetRanking.code"] = ("The index code (any case).", "PAPI"),
        ["GetRanking.region"] = (null, "southeast"),
        ["ListIndexYears.code"] = ("The index code (any case).", "PAPI"),
        ["GetRegionalPicture.code"] = ("The index code (any case).", "PAR"),
        ["GetProvinceSeries.code"] = ("The province's 2-digit GSO code, read on asOf (default today).", "92"),
        ["GetProvinceSeries.asOf"] = (null, "2025-07-01"),
        ["GetScorecard.code"] = ("The province's 2-digit GSO code, read on the last day of year.", "92"),
        ["GetScorecard.year"] = ("The year (2004-2100); default the latest held for the province.", 2022),
        ["GetUnitRankings.code"] = ("The province's 2-digit GSO code.", "01"),
        ["GetUnitRankings.index"] = (null, "PAR"),
        ["CompareUnits.index"] = ("One index code (any case).", "PAPI"),
        ["GetRanking.asOf"] = ("Read the figures as they stood at the end of this day (UTC), before later imports and corrections.", "2026-01-01"),
        ["ListRevisions.code"] = ("The index code (any case).", "PAR"),
        ["GetResult.code"] = ("The index code (any case).", "PAR"),
        ["GetResult.year"] = ("The year.", 2023),
        ["UpdateResult.code"] = ("The index code (any case).", "PAR"),
        ["UpdateResult.year"] = ("The year.", 2023),
        ["DeleteResult.code"] = ("The index code (any case).", "PAR"),
        ["DeleteResult.year"] = ("The year.", 2023),
        ["ImportTable.code"] = ("The index code (any case).", "PCI"),
        ["AddProvinceUnit.code"] = ("The province's 2-digit GSO code, read as of the unit's validFrom (default today).", "48"),
        ["ImportTable.year"] = ("The table's year (or a year column).", 2021),
        ["ListAudit.from"] = ("From this time (UTC).", "2026-01-01T00:00:00Z"),
        ["ListAudit.to"] = ("Until this time (UTC).", "2026-12-31T23:59:59Z"),
        ["GetResult.cohort"] = (null, "provinces-63"),
        ["ListProvinceTargets.code"] = ("The province's 2-digit GSO code, read on the last day of year (default today, with the provinces it was formed from).", "79"),
        ["ListProvinceTargets.year"] = ("The year to evaluate (2004-2100); default every year of each target's range.", 2023),
        ["ListIndexTargets.code"] = ("The index code (any case).", "PAR"),
        ["ListIndexTargets.year"] = ("The year to evaluate (2004-2100); default every year of each target's range.", 2023),
        ["GetTarget.id"] = ("The target's id (GET /api/v1/provinces/{code}/targets lists them).", 1),
        ["ListTargetRevisions.id"] = ("The target's id.", 1),
        ["UpdateTarget.id"] = ("The target's id.", 1),
        ["DeleteTarget.id"] = ("The target's id.", 1),
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Parameters is null)
        {
            return;
        }
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            var common = Common.GetValueOrDefault(parameter.Name ?? "");
            if (Overrides.TryGetValue($"{operation.OperationId}.{parameter.Name}", out var specific))
            {
                common = (specific.Description ?? common.Description, specific.Example);
            }
            if (common.Description is null)
            {
                continue;
            }
            parameter.Description = common.Description;
            parameter.Example = common.Example.DeepClone();
        }
    }
}
