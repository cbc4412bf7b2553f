using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Persistence.Loading;

/// <summary>
/// Brings the database in line with the shipped reference data: regions, the geography over time
/// and the index catalogue. Each row is found by its natural key and only real differences are
/// written; the caller saves, in its transaction.
/// </summary>
public sealed class ReferenceDataLoader(IndexHubDbContext db)
{
    /// <returns>How many records the files hold.</returns>
    public async Task<int> SyncAsync(string dataDirectory, CancellationToken ct)
    {
        var geography = GeographySource.Read(dataDirectory);
        var catalogue = CatalogueSource.Read(dataDirectory);
        var (read, units) = await SyncGeographyAsync(geography, ct);
        read += await SyncCatalogueAsync(catalogue, units, ct);
        await SyncCohortsAsync(units.Values, geography.OwnCohorts.Select(c => (units[c.OwnerKey], c.Type)), ct);
        return read;
    }

    /// <summary>
    /// The cohorts the geography implies: the provinces of each period ranked nationally (64 until 2008, 63, then 34),
    /// and each province's own departments and districts. Writes name a cohort; they never make one.
    /// </summary>
    private async Task SyncCohortsAsync(IEnumerable<AdministrativeUnit> units, IEnumerable<(AdministrativeUnit Owner, UnitType Type)> declared, CancellationToken ct)
    {
        var all = units.ToList();
        var cohorts = await db.Cohorts.ToDictionaryAsync(c => c.Code, ct);
        var provinces = all.Where(u => u.Parent is null && u.ParentId is null && u.Type.IsProvinceLevel()).ToList();
        var days = provinces.SelectMany(u => new[] { u.ValidFrom, u.ValidTo?.AddDays(1) }).OfType<DateOnly>().Append(new DateOnly(2000, 1, 1)).Distinct();
        foreach (var size in days.Select(d => provinces.Count(p => new Validity(p.ValidFrom, p.ValidTo).Contains(d))).Where(n => n > 0).Distinct())
        {
            var code = $"provinces-{size}";
            if (!cohorts.ContainsKey(code))
            {
                cohorts[code] = db.Cohorts.Add(new Cohort { Code = code, Name = $"The {size} provinces", Kind = CohortKind.Provinces, Size = size }).Entity;
            }
        }
        var owned = all.Where(u => u.Parent is not null && u.Type is UnitType.Department or UnitType.District).Select(u => (u.Parent!, u.Type));
        foreach (var (owner, type) in owned.Concat(declared).Distinct())
        {
            var kind = type == UnitType.District ? CohortKind.Districts : CohortKind.Departments;
            var code = $"{owner.Code}-{(kind == CohortKind.Districts ? "districts" : "departments")}";
            if (!cohorts.TryGetValue(code, out var cohort))
            {
                cohorts[code] = cohort = db.Cohorts.Add(new Cohort { Code = code, Name = "", Kind = kind, OwnerUnit = owner }).Entity;
            }
            cohort.Name = $"{owner.Name}'s {(kind == CohortKind.Districts ? "districts" : "departments")}";
            cohort.Kind = kind;
            cohort.OwnerUnit = owner;
        }
    }

    private async Task<(int Read, Dictionary<string, AdministrativeUnit> Units)> SyncGeographyAsync(GeographyDefinition geography, CancellationToken ct)
    {
        var regions = await db.Regions.ToDictionaryAsync(r => r.Code, ct);
        foreach (var def in geography.Regions)
        {
            if (!regions.TryGetValue(def.Code, out var region))
            {
                region = new Region { Code = def.Code, NameVi = def.NameVi, NameEn = def.NameEn, LegalBasis = def.LegalBasis };
                db.Regions.Add(region);
                regions[def.Code] = region;
            }
            region.Order = def.Order;
            region.NameVi = def.NameVi;
            region.NameEn = def.NameEn;
            region.LegalBasis = def.LegalBasis;
        }

        var units = await db.Units.Include(u => u.Names).ToDictionaryAsync(u => u.Key, ct);
        foreach (var def in geography.Units)
        {
            if (!units.TryGetValue(def.Key, out var unit))
            {
                unit = new AdministrativeUnit { Key = def.Key, Code = def.Code, Name = def.Name, FullName = def.FullName, NameAscii = def.NameAscii, Source = def.Source };
                db.Units.Add(unit);
                units[def.Key] = unit;
            }
            unit.Code = def.Code;
            unit.Type = def.Type;
            unit.ValidFrom = def.ValidFrom;
            unit.ValidTo = def.ValidTo;
            unit.Name = def.Name;
            unit.FullName = def.FullName;
            unit.NameAscii = def.NameAscii;
            unit.NameEn = def.NameEn;
            unit.Source = def.Source;
            unit.Region = def.RegionCode is null ? null : regions[def.RegionCode];
            SyncNames(unit, DesiredNames(def));
        }
        foreach (var def in geography.Units.Where(d => d.ParentKey is not null))
        {
            units[def.Key].Parent = units[def.ParentKey!];
        }

        var existingLinks = await db.LineageEvents.ToListAsync(ct);
        foreach (var def in geography.Lineage)
        {
            var from = units[def.FromKey];
            var to = units[def.ToKey];
            var link = existingLinks.FirstOrDefault(l => l.FromUnitId == from.Id && l.ToUnitId == to.Id && l.Effective == def.Effective && from.Id != 0);
            if (link is null)
            {
                db.LineageEvents.Add(new LineageEvent { From = from, To = to, Kind = def.Kind, Effective = def.Effective, LegalBasis = def.LegalBasis });
                continue;
            }
            link.Kind = def.Kind;
            link.LegalBasis = def.LegalBasis;
        }
        return (geography.Regions.Count + geography.Units.Count + geography.Lineage.Count, units);
    }

    private static List<UnitName> DesiredNames(UnitDefinition def)
    {
        UnitName Name(UnitNameKind kind, string value, DateOnly? from = null, DateOnly? to = null, string? fullName = null, UnitType? type = null) =>
            new() { Kind = kind, Value = value, MatchKey = VietnameseNames.MatchKey(value), ValidFrom = from, ValidTo = to, FullName = fullName, Type = type };

        var names = def.OfficialNames.Select(n => Name(UnitNameKind.Official, n.Name, n.ValidFrom, n.ValidTo, n.FullName, n.Type)).ToList();
        names.Add(Name(UnitNameKind.Ascii, def.NameAscii));
        names.AddRange(def.Aliases.Select(a => Name(UnitNameKind.Alias, a)));
        if (def.NameEn is not null)
        {
            names.Add(Name(UnitNameKind.English, def.NameEn));
        }
        return names.DistinctBy(n => (n.Kind, n.Value, n.ValidFrom)).ToList();
    }

    private void SyncNames(AdministrativeUnit unit, List<UnitName> desired)
    {
        foreach (var stale in unit.Names.Where(n => !desired.Any(d => d.Kind == n.Kind && d.Value == n.Value && d.ValidFrom == n.ValidFrom)).ToList())
        {
            unit.Names.Remove(stale);
            db.UnitNames.Remove(stale);
        }
        foreach (var want in desired)
        {
            var have = unit.Names.FirstOrDefault(n => n.Kind == want.Kind && n.Value == want.Value && n.ValidFrom == want.ValidFrom);
            if (have is null)
            {
                unit.Names.Add(want);
                continue;
            }
            have.ValidTo = want.ValidTo;
            have.FullName = want.FullName;
            have.Type = want.Type;
            have.MatchKey = want.MatchKey;
        }
    }

    private async Task<int> SyncCatalogueAsync(CatalogueFile catalogue, Dictionary<string, AdministrativeUnit> units, CancellationToken ct)
    {
        var read = 0;
        var indices = await db.Indices
            .AsSplitQuery()
            .Include(i => i.Tiers)
            .Include(i => i.GeographyOverrides)
            .Include(i => i.Editions).ThenInclude(e => e.Components)
            .ToDictionaryAsync(i => i.Code, ct);
        foreach (var def in catalogue.Indices)
        {
            read++;
            if (!indices.TryGetValue(def.Code, out var index))
            {
                index = new IndexDefinition { Code = def.Code, NameVi = def.NameVi, NameEn = def.NameEn, Publisher = def.Publisher, Description = def.Description, AssessedUnitTypes = "" };
                db.Indices.Add(index);
            }
            index.NameVi = def.NameVi;
            index.NameEn = def.NameEn;
            index.Publisher = def.Publisher;
            index.Description = def.Description;
            index.ScaleMin = def.Scale.Min;
            index.ScaleMax = def.Scale.Max;
            index.ScaleUnit = Enum.Parse<ScaleUnit>(def.Scale.Unit, ignoreCase: true);
            index.HigherIsBetter = def.HigherIsBetter;
            index.AssessedUnitTypes = string.Join(',', def.AssessedUnitTypes.Select(t => Enum.Parse<UnitType>(t).ToString()));

            foreach (var overrideDef in def.GeographyOverrides)
            {
                read++;
                var geographyOverride = index.GeographyOverrides.FirstOrDefault(g => g.Year == overrideDef.Year);
                if (geographyOverride is null)
                {
                    geographyOverride = new GeographyOverride { Year = overrideDef.Year, Note = overrideDef.Note };
                    index.GeographyOverrides.Add(geographyOverride);
                }
                geographyOverride.AsOf = overrideDef.AsOf;
                geographyOverride.Note = overrideDef.Note;
            }

            foreach (var tierDef in def.Tiers)
            {
                read++;
                var tier = index.Tiers.FirstOrDefault(t => t.Code == tierDef.Code);
                if (tier is null)
                {
                    tier = new IndexTier { Code = tierDef.Code, NameVi = tierDef.NameVi, NameEn = tierDef.NameEn };
                    index.Tiers.Add(tier);
                }
                tier.NameVi = tierDef.NameVi;
                tier.NameEn = tierDef.NameEn;
                tier.Order = tierDef.Order;
            }

            foreach (var editionDef in def.Editions)
            {
                read++;
                var edition = index.Editions.FirstOrDefault(e => e.Code == editionDef.Code);
                if (edition is null)
                {
                    edition = new IndexEdition { Code = editionDef.Code, Name = editionDef.Name };
                    index.Editions.Add(edition);
                }
                edition.Name = editionDef.Name;
                edition.FirstYear = editionDef.FirstYear;
                edition.LastYear = editionDef.LastYear;
                edition.ScaleMin = editionDef.ScaleMin;
                edition.ScaleMax = editionDef.ScaleMax;
                edition.Note = editionDef.Note;
                // An owner is named by its province code; the province that holds the code today.
                edition.OwnerUnit = editionDef.OwnerUnitCode is null
                    ? null
                    : units.Values.Single(u => u.Code == editionDef.OwnerUnitCode && u.ParentId is null && u.ValidTo is null && u.Parent is null);
                read += SyncComponents(edition, editionDef.Components);
            }
        }
        return read;
    }

    private static int SyncComponents(IndexEdition edition, IReadOnlyList<ComponentEntry> definitions)
    {
        foreach (var def in definitions)
        {
            var component = edition.Components.FirstOrDefault(c => c.Code == def.Code);
            if (component is null)
            {
                component = new IndexComponent { Code = def.Code, NameVi = def.NameVi, NameEn = def.NameEn, Kind = def.Kind };
                edition.Components.Add(component);
            }
            component.NameVi = def.NameVi;
            component.NameEn = def.NameEn;
            component.Kind = def.Kind;
            component.Order = def.Order;
            component.ScaleMin = def.ScaleMin;
            component.ScaleMax = def.ScaleMax;
            component.FirstYear = def.FirstYear;
            component.LastYear = def.LastYear;
            component.Note = def.Note;
        }
        foreach (var def in definitions)
        {
            var component = edition.Components.First(c => c.Code == def.Code);
            component.Parent = def.Parent is null
                ? null
                : edition.Components.FirstOrDefault(c => c.Code == def.Parent)
                  ?? throw new InvalidDataException($"Component {def.Code} of {edition.Code} names an unknown parent {def.Parent}.");
        }
        return definitions.Count;
    }
}
