using System.Text.Json;
using System.Text.Json.Serialization;

namespace IndexHub.Api.Infrastructure;

/// <summary>How IndexHub writes JSON into its own tables (history, revisions, audit): camelCase, enums by name.</summary>
public static class StoredJson
{
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.CamelCase) },
    };
}
