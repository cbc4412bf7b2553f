using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.AspNetCore.Mvc.ModelBinding;
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
            Description = "json (default) or csv; Accept: text/csv does the same. CSV is UTF-8 with one header row.",
            Example = JsonValue.Create("json"),
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

/// <summary>
/// An example of a parameter that returns real figures: Swagger UI offers it, and the contract tests call every read with
/// its examples. Put it on the parameter, beside its description.
/// </summary>
[AttributeUsage(AttributeTargets.Parameter | AttributeTargets.Property)]
public sealed class ParameterExampleAttribute : Attribute
{
    public ParameterExampleAttribute(string value) => Example = JsonValue.Create(value);

    public ParameterExampleAttribute(int value) => Example = JsonValue.Create(value);

    public ParameterExampleAttribute(bool value) => Example = JsonValue.Create(value);

    public JsonNode Example { get; }
}

/// <summary>
/// Parameters are documented where they are declared: on a request record bound with [AsParameters], its XML
/// <c>param</c> doc gives the description; on a lone handler parameter, a [Description] (Swashbuckle reads both); and
/// <see cref="ParameterExampleAttribute"/> gives the example. A record's members are named to clients in camelCase, as the
/// JSON and the validation errors are (binding ignores case): the record's <c>PageSize</c> is the query's <c>pageSize</c>.
/// </summary>
internal sealed class ParameterDocumentation : IOperationFilter
{
    public void Apply(OpenApiOperation operation, OperationFilterContext context)
    {
        foreach (var described in context.ApiDescription.ParameterDescriptions)
        {
            if (operation.Parameters?.OfType<OpenApiParameter>().FirstOrDefault(p => p.Name == described.Name) is not { } parameter)
            {
                continue;
            }
            if (described.Source == BindingSource.Query)
            {
                parameter.Name = JsonNamingPolicy.CamelCase.ConvertName(described.Name);
            }
            if (parameter.Schema is OpenApiSchema schema && schema.Description == parameter.Description)
            {
                // Swashbuckle gives a [Description] to the parameter and to its schema too: said once is enough.
                schema.Description = null;
            }
            // A record's positional parameter carries the attributes, which Swashbuckle's CustomAttributes (the property's) miss.
            var attributes = described.CustomAttributes()
                .Concat((described.ParameterDescriptor as IParameterInfoParameterDescriptor)?.ParameterInfo.GetCustomAttributes(true) ?? []);
            if (attributes.OfType<ParameterExampleAttribute>().FirstOrDefault() is { } example)
            {
                parameter.Example = example.Example.DeepClone();
            }
        }
    }
}
