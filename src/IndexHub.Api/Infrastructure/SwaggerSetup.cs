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
            options.OperationFilter<ParameterDocumentation>();
            // Endpoint names are already unique per operation; using them keeps operation ids stable.
            options.CustomOperationIds(api => api.ActionDescriptor.EndpointMetadata.OfType<IEndpointNameMetadata>().FirstOrDefault()?.EndpointName);
        });
        return services;
    }
}

/// <summary>Gives every query and route parameter a description and an example that returns real figures.</summary>
internal sealed class ParameterDocumentation : IOperationFilter
{
    private static readonly Dictionary<string, (string Description, JsonNode Example)> Common = new(StringComparer.Ordinal)
    {
        ["asOf"] = ("A day (yyyy-MM-dd, 2004-01-01 to 2100-12-31). Codes and names are read as they were that day. Default: today in Vietnam.", "2024-01-01"),
        ["year"] = ("A year (2004-2100); the geography of its last day is used. Give either asOf or year.", 2023),
        ["region"] = ("A region's code, order (1-6) or name, with or without diacritics (see GET /api/v1/regions).", "mekong-river-delta"),
        ["q"] = ("Any spelling of a province's name, with or without diacritics, or its code; matches part of a name.", "ho chi minh"),
        ["page"] = ("Page number, from 1.", 1),
        ["pageSize"] = ($"Items per page, 1 to {CommonRules.MaxPageSize}. Default 100.", 100),
        ["name"] = ("Any spelling of a province's name: with or without diacritics, any case, as publishers write it.", "TP.HCM"),
        ["type"] = ("department, district or commune.", "department"),
    };

    private static readonly Dictionary<string, (string Description, JsonNode Example)> Codes = new(StringComparer.Ordinal)
    {
        ["GetProvince"] = ("The province's 2-digit GSO code. Codes were reused in 2025, so the code is read on asOf.", "92"),
        ["ListProvinceUnits"] = ("The province's 2-digit GSO code, read on asOf.", "01"),
        ["GetIndex"] = ("The index code: PAR, SIPAS, PCI, PAPI, DTI or DDCI (any case).", "PAPI"),
    };

    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        if (operation.Parameters is null)
        {
            return;
        }
        foreach (var parameter in operation.Parameters.OfType<OpenApiParameter>())
        {
            var docs = parameter.Name == "code" && operation.OperationId is { } id && Codes.TryGetValue(id, out var code)
                ? code
                : Common.GetValueOrDefault(parameter.Name ?? "");
            if (docs.Description is null)
            {
                continue;
            }
            parameter.Description = docs.Description;
            parameter.Example = docs.Example.DeepClone();
        }
    }
}
