using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Persistence.Loading;

namespace IndexHub.UnitTests.Geography;

/// <summary>The geography read from the files the product ships, with ids given in file order.</summary>
internal static class ShippedGeography
{
    public static readonly string DataDirectory = Path.Combine(AppContext.BaseDirectory, "data");

    public static readonly GeographyDefinition Definition = GeographySource.Read(DataDirectory);

    public static readonly IReadOnlyDictionary<string, int> IdByKey =
        Definition.Units.Select((u, i) => (u.Key, Id: i + 1)).ToDictionary(x => x.Key, x => x.Id);

    public static UnitDefinition ByKey(string key) => Definition.Units.Single(u => u.Key == key);

    public static UnitDefinition ById(int id) => Definition.Units[id - 1];

    public static IEnumerable<UnitDefinition> ProvincesOn(DateOnly date) =>
        Definition.Units.Where(u => u.Type.IsProvinceLevel() && new Validity(u.ValidFrom, u.ValidTo).Contains(date));

    public static NameMatcher Matcher() => new(Definition.Units
        .Where(u => u.Type.IsProvinceLevel())
        .Select(u => new NamedUnit(IdByKey[u.Key], u.Code, u.Name, new Validity(u.ValidFrom, u.ValidTo),
            u.OfficialNames.Select(n => n.Name).Concat(u.Aliases).Append(u.NameAscii).Concat(u.NameEn is null ? [] : [u.NameEn]).ToList())));

    public static Lineage Lineage() => new(Definition.Lineage.Select(l =>
        new LineageLink(IdByKey[l.FromKey], IdByKey[l.ToKey], l.Kind, l.Effective)));
}
