using System.Text.Json;
using System.Text.Json.Serialization;

namespace IndexHub.Api.Persistence.Loading;

public sealed record CatalogueFile(string Source, IReadOnlyList<IndexFileEntry> Indices);

public sealed record ScaleEntry(decimal Min, decimal Max, string Unit);

public sealed record IndexFileEntry(
    string Code, string NameVi, string NameEn, string Publisher, ScaleEntry Scale, bool HigherIsBetter,
    IReadOnlyList<string> AssessedUnitTypes, string Description, IReadOnlyList<TierEntry> Tiers, IReadOnlyList<EditionEntry> Editions,
    IReadOnlyList<GeographyOverrideEntry> GeographyOverrides);

public sealed record GeographyOverrideEntry(int Year, DateOnly AsOf, string Note);

public sealed record TierEntry(string Code, string NameVi, string NameEn, int Order);

public sealed record EditionEntry(
    string Code, string Name, int? FirstYear, int? LastYear, decimal? ScaleMin, decimal? ScaleMax, string? Note,
    string? OwnerUnitCode, IReadOnlyList<ComponentEntry> Components);

public sealed record ComponentEntry(
    string Code, string NameVi, string NameEn, int Order, string Kind, decimal? ScaleMin, decimal? ScaleMax,
    string? Parent, int? FirstYear, int? LastYear, string? Note);

/// <summary>The index catalogue (indices, editions, components, tiers) as shipped in data/catalogue/indices.json.</summary>
public static class CatalogueSource
{
    private static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static CatalogueFile Read(string dataDirectory)
    {
        var path = Path.Combine(dataDirectory, "catalogue", "indices.json");
        using var stream = File.OpenRead(path);
        return JsonSerializer.Deserialize<CatalogueFile>(stream, Options)
            ?? throw new InvalidDataException($"{path} is empty.");
    }
}
