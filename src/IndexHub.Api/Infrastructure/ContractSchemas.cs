using System.ComponentModel.DataAnnotations;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.OpenApi;
using Swashbuckle.AspNetCore.SwaggerGen;

namespace IndexHub.Api.Infrastructure;

/// <summary>
/// Makes every object schema say what the C# type says, read from the type itself so it holds for any DTO:
/// a property that can be null is nullable (for a referenced schema, <c>oneOf: [$ref, {type: 'null'}]</c>, which
/// OpenAPI 3.1 reads as JSON Schema), one that cannot is not, and only members C# requires (the <c>required</c>
/// modifier, <c>[JsonRequired]</c>, <c>[Required]</c>) are listed as required.
/// </summary>
internal sealed class ContractSchemas : ISchemaFilter
{
    private static readonly NullabilityInfoContext Nullability = new();

    public void Apply(IOpenApiSchema schema, SchemaFilterContext context)
    {
        if (schema is not OpenApiSchema concrete || concrete.Properties is not { Count: > 0 } properties || context.Type is null)
        {
            return;
        }
        var required = new HashSet<string>(StringComparer.Ordinal);
        foreach (var property in context.Type.GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            if (property.GetIndexParameters().Length > 0 || property.GetCustomAttribute<JsonIgnoreAttribute>()?.Condition == JsonIgnoreCondition.Always)
            {
                continue;
            }
            var name = property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? JsonNamingPolicy.CamelCase.ConvertName(property.Name);
            if (!properties.TryGetValue(name, out var propertySchema))
            {
                continue;
            }
            properties[name] = WithNullability(propertySchema, Nullability.Create(Declared(property)));
            if (IsRequired(property))
            {
                required.Add(name);
            }
        }
        concrete.Required = required.Count > 0 ? new SortedSet<string>(required, StringComparer.Ordinal) : null;
        if (typeof(Microsoft.AspNetCore.Mvc.ProblemDetails).IsAssignableFrom(context.Type))
        {
            Problem(concrete);
        }
    }

    /// <summary>
    /// Problem details as every answer of the problem handler has them: with the traceId to quote, and text that may
    /// quote the request, so bounded by what a request can hold rather than by the stored fields' bound.
    /// </summary>
    private static void Problem(OpenApiSchema schema)
    {
        foreach (var property in schema.Properties!.Values.OfType<OpenApiSchema>())
        {
            if (property.Type?.HasFlag(JsonSchemaType.String) == true)
            {
                property.MaxLength = ContractRules.MaxEchoedLength;
            }
            if (property.AdditionalProperties is OpenApiSchema { Items: OpenApiSchema messages })
            {
                messages.MaxLength = ContractRules.MaxEchoedLength;
            }
        }
        schema.Properties["traceId"] = new OpenApiSchema
        {
            Type = JsonSchemaType.String,
            MaxLength = 200,
            Description = "The request's trace id (W3C trace context): quote it when reporting the problem.",
        };
    }

    /// <summary>
    /// The property as its generic type declares it: a closed type (Page&lt;ResultRowDto&gt;) cannot say whether its type
    /// argument was written nullable, so what comes from a type parameter is left as Swashbuckle made it.
    /// </summary>
    private static PropertyInfo Declared(PropertyInfo property) =>
        property.DeclaringType is { IsGenericType: true, IsGenericTypeDefinition: false } closed
            && closed.GetGenericTypeDefinition().GetProperty(property.Name, BindingFlags.Public | BindingFlags.Instance) is { } open
            ? open
            : property;

    /// <summary>What C# requires of whoever makes the object; for an answer, what is always there.</summary>
    private static bool IsRequired(PropertyInfo property) =>
        property.IsDefined(typeof(RequiredMemberAttribute))
        || property.IsDefined(typeof(JsonRequiredAttribute))
        || property.IsDefined(typeof(RequiredAttribute));

    /// <summary>The schema of a value whose nullability C# states, with its items' and values' where it is a list or a map.</summary>
    internal static IOpenApiSchema WithNullability(IOpenApiSchema schema, NullabilityInfo info)
    {
        if (info.Type.IsGenericParameter)
        {
            return schema;
        }
        var nullable = info.ReadState == NullabilityState.Nullable || Nullable.GetUnderlyingType(info.Type) is not null;
        if (schema is OpenApiSchemaReference reference)
        {
            return nullable ? NullableReference(reference) : reference;
        }
        if (schema is not OpenApiSchema concrete)
        {
            return schema;
        }
        if (concrete.OneOf is { Count: 2 } alternatives && alternatives.Any(IsNullSchema))
        {
            // Already wrapped (a schema filter may run twice over one shared schema).
            return nullable ? concrete : alternatives.First(a => !IsNullSchema(a));
        }
        if (concrete.Type is { } type)
        {
            concrete.Type = nullable ? type | JsonSchemaType.Null : type & ~JsonSchemaType.Null;
        }
        if (concrete.Items is not null && ElementInfo(info) is { } element)
        {
            concrete.Items = WithNullability(concrete.Items, element);
        }
        if (concrete.AdditionalProperties is not null && info.GenericTypeArguments is [_, var value])
        {
            concrete.AdditionalProperties = WithNullability(concrete.AdditionalProperties, value);
        }
        return concrete;
    }

    private static NullabilityInfo? ElementInfo(NullabilityInfo info) =>
        info.ElementType ?? (info.GenericTypeArguments is [var only] ? only : null);

    private static OpenApiSchema NullableReference(OpenApiSchemaReference reference) => new()
    {
        // The description a property gives travels with the property, not with the shared schema it refers to.
        Description = reference.Description,
        OneOf = [reference, new OpenApiSchema { Type = JsonSchemaType.Null }],
    };

    private static bool IsNullSchema(IOpenApiSchema schema) => schema is OpenApiSchema { Type: JsonSchemaType.Null };
}
