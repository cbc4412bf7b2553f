using System.Text.Json;
using IndexHub.Api.Persistence.Entities;
using Mapster;

namespace IndexHub.Api.Features.Indices;

/// <summary>Entity-to-DTO rules that Mapster cannot infer; compiled with the rest at start-up.</summary>
public sealed class IndexMapping : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        config.NewConfig<IndexDefinition, IndexDto>()
            .Map(d => d.Scale, s => new ScaleDto { Min = s.ScaleMin, Max = s.ScaleMax, Unit = s.ScaleUnit })
            // Evaluated on the client, after the row is read: the column holds a comma-separated list.
            .Map(d => d.AssessedUnitTypes, s => SplitUnitTypes(s.AssessedUnitTypes))
            .Map(d => d.Tiers, s => s.Tiers.OrderBy(t => t.Order))
            .Map(d => d.Editions, s => s.Editions.OrderBy(e => e.FirstYear));
        config.NewConfig<IndexEdition, EditionDto>()
            .Map(d => d.Components, s => s.Components.OrderBy(c => c.Order));
    }

    internal static List<string> SplitUnitTypes(string types) =>
        types.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(JsonNamingPolicy.CamelCase.ConvertName).ToList();
}
