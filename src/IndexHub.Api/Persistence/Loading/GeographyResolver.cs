using System.Globalization;
using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Persistence.Loading;

public readonly record struct Target(IndexEdition Edition, Cohort Cohort, AdministrativeUnit Unit);

/// <summary>Everything a row is matched against (indices, editions, units over time, cohorts, sources), read once per load or import.</summary>
public sealed class GeographyResolver
{
    private readonly IndexHubDbContext _db;
    private readonly List<IndexDefinition> _indices;
    private readonly List<AdministrativeUnit> _units;
    private readonly NameMatcher _provinceNames;
    private readonly Dictionary<string, Cohort> _cohorts;
    private readonly Dictionary<string, Source> _sources;
    private readonly List<Region> _regions;

    private GeographyResolver(IndexHubDbContext db, List<IndexDefinition> indices, List<AdministrativeUnit> units,
        Dictionary<string, Cohort> cohorts, Dictionary<string, Source> sources, List<Region> regions)
    {
        _db = db;
        _indices = indices;
        _units = units;
        _cohorts = cohorts;
        _sources = sources;
        _regions = regions;
        _provinceNames = new NameMatcher(units
            .Where(u => u.ParentId is null && u.Type.IsProvinceLevel())
            .Select(u => new NamedUnit(u.Id, u.Code, u.Name, new Validity(u.ValidFrom, u.ValidTo), u.Names.Select(n => n.Value).ToList())));
    }

    public static async Task<GeographyResolver> CreateAsync(IndexHubDbContext db, CancellationToken ct) => new(
        db,
        await db.Indices.Include(i => i.Tiers).Include(i => i.GeographyOverrides)
            .Include(i => i.Editions).ThenInclude(e => e.Components)
            .Include(i => i.Editions).ThenInclude(e => e.OwnerUnit)
            .AsSplitQuery().ToListAsync(ct),
        await db.Units.Include(u => u.Names).AsSplitQuery().ToListAsync(ct),
        await db.Cohorts.ToDictionaryAsync(c => c.Code, ct),
        await db.Sources.ToDictionaryAsync(s => s.Key, ct),
        await db.Regions.ToListAsync(ct));

    public bool TryResolve(string indexCode, int year, UnitRef unitRef, string? cohortCode, out Target target, out string why)
    {
        target = default;
        var edition = Edition(indexCode, year, unitRef.OwnerCode);
        if (edition is null)
        {
            why = $"no edition of {indexCode} covers {year}";
            return false;
        }
        var date = GeographyDate(indexCode, year);
        AdministrativeUnit? unit;
        if (unitRef.OwnerCode is not null)
        {
            var owner = Province(unitRef.OwnerCode, date);
            var key = VietnameseNames.MatchKey(unitRef.Name!);
            unit = _units.SingleOrDefault(u => u.ParentId == owner?.Id && VietnameseNames.MatchKey(u.Name) == key);
            if (unit is null)
            {
                why = $"'{unitRef.Name}' is not a unit of province {unitRef.OwnerCode}";
                return false;
            }
        }
        else if (unitRef.Code is not null)
        {
            unit = Province(unitRef.Code, date);
            if (unit is null)
            {
                why = $"no province had code {unitRef.Code} on {date:yyyy-MM-dd}";
                return false;
            }
        }
        else
        {
            var match = _provinceNames.Match(unitRef.Name!, date);
            if (match.Outcome != NameMatchOutcome.Matched)
            {
                why = match.Outcome == NameMatchOutcome.Ambiguous
                    ? $"'{unitRef.Name}' is ambiguous on {date:yyyy-MM-dd} ({string.Join(", ", match.Candidates.Select(c => c.Code))})"
                    : $"no province is called '{unitRef.Name}' on {date:yyyy-MM-dd}";
                return false;
            }
            unit = _units.Single(u => u.Id == match.Unit!.UnitId);
        }
        var cohort = cohortCode is not null ? InternalCohort(cohortCode, unitRef.OwnerCode!) : NationalCohort(indexCode, year);
        target = new Target(edition, cohort, unit);
        why = "";
        return true;
    }

    public IndexEdition? Edition(string indexCode, int year, string? ownerCode) =>
        _indices.SingleOrDefault(i => i.Code == indexCode)?.Editions.SingleOrDefault(e =>
            e.OwnerUnit?.Code == ownerCode
            && (e.FirstYear is null || e.FirstYear <= year)
            && (e.LastYear is null || e.LastYear >= year));

    /// <summary>The day whose geography a year's table uses: its last day, unless the publisher used another.</summary>
    public DateOnly GeographyDate(string indexCode, int year) =>
        _indices.SingleOrDefault(i => i.Code == indexCode)?.GeographyOverrides.SingleOrDefault(g => g.Year == year)?.AsOf
        ?? new DateOnly(year, 12, 31);

    /// <summary>The provinces of the table's geography: 64, 63 or 34.</summary>
    public Cohort NationalCohort(string indexCode, int year, DateOnly? geography = null)
    {
        var date = geography ?? GeographyDate(indexCode, year);
        var size = _units.Count(u => u.ParentId is null && u.Type.IsProvinceLevel() && new Validity(u.ValidFrom, u.ValidTo).Contains(date));
        var code = $"provinces-{size.ToString(CultureInfo.InvariantCulture)}";
        return Cohort(code, () => new Cohort { Code = code, Name = $"The {size} provinces", Kind = CohortKind.Provinces, Size = size });
    }

    public Cohort InternalCohort(string code, string ownerCode)
    {
        var owner = _units.Single(u => u.Code == ownerCode && u.ParentId is null && u.ValidTo is null);
        var kind = code.EndsWith("districts", StringComparison.Ordinal) ? CohortKind.Districts : CohortKind.Departments;
        return Cohort(code, () => new Cohort
        {
            Code = code,
            Name = $"{owner.Name}'s {(kind == CohortKind.Districts ? "districts" : "departments")}",
            Kind = kind,
            OwnerUnit = owner,
        });
    }

    private Cohort Cohort(string code, Func<Cohort> create)
    {
        if (!_cohorts.TryGetValue(code, out var cohort))
        {
            cohort = create();
            _db.Cohorts.Add(cohort);
            _cohorts[code] = cohort;
        }
        return cohort;
    }

    public Source Source(SourceRef reference)
    {
        if (!_sources.TryGetValue(reference.Key, out var source))
        {
            source = new Source { Key = reference.Key, Url = reference.Url, Citation = reference.Citation, File = reference.File };
            _db.Sources.Add(source);
            _sources[reference.Key] = source;
        }
        return source;
    }

    public IndexTier? Tier(IndexEdition edition, string text) =>
        _indices.Single(i => i.Id == edition.IndexId).Tiers.FirstOrDefault(t => VietnameseNames.MatchKey(t.NameVi) == VietnameseNames.MatchKey(text));

    public Region? Region(string name) =>
        _regions.FirstOrDefault(r => VietnameseNames.MatchKey(r.NameVi) == VietnameseNames.MatchKey(name) || VietnameseNames.MatchKey(r.NameEn) == VietnameseNames.MatchKey(name));

    private AdministrativeUnit? Province(string code, DateOnly date) =>
        _units.SingleOrDefault(u => u.ParentId is null && u.Type.IsProvinceLevel() && u.Code == UnitCodes.NormalizeProvinceCode(code)
            && new Validity(u.ValidFrom, u.ValidTo).Contains(date));

    public IndexDefinition? Index(string code) => _indices.SingleOrDefault(i => i.Code == code.Trim().ToUpperInvariant());

    public Cohort? CohortByCode(string code) => _cohorts.GetValueOrDefault(code);

    public IndexTier? TierOf(IndexDefinition index, string text)
    {
        var key = VietnameseNames.MatchKey(text);
        return index.Tiers.FirstOrDefault(t => t.Code == text.Trim() || VietnameseNames.MatchKey(t.NameVi) == key || VietnameseNames.MatchKey(t.NameEn) == key);
    }

    /// <summary>
    /// A province by code or by any spelling, as it was on <paramref name="date"/>; otherwise why not:
    /// ambiguous, valid only at other dates, or unknown.
    /// </summary>
    public (AdministrativeUnit? Unit, string? Error) ResolveProvince(string text, DateOnly date)
    {
        var trimmed = text.Trim();
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (trimmed.Length > 0 && trimmed.All(char.IsAsciiDigit))
        {
            var byCode = Province(trimmed, date);
            if (byCode is not null)
            {
                return (byCode, null);
            }
            var code = UnitCodes.NormalizeProvinceCode(trimmed);
            var elsewhere = _units.Where(u => u.ParentId is null && u.Type.IsProvinceLevel() && u.Code == code).ToList();
            return (null, elsewhere.Count > 0
                ? $"unit not valid at that date: code {code} named no province on {day} ({string.Join("; ", elsewhere.Select(Period))})"
                : $"unknown unit: no province has the code {code}");
        }
        var match = _provinceNames.Match(trimmed, date);
        switch (match.Outcome)
        {
            case NameMatchOutcome.Matched:
                return (_units.Single(u => u.Id == match.Unit!.UnitId), null);
            case NameMatchOutcome.Ambiguous:
                return (null, $"ambiguous name: '{trimmed}' could be {string.Join(" or ", match.Candidates.Select(c => $"{c.Name} ({c.Code})"))} on {day}; give the code");
            default:
                var anyDate = _provinceNames.Match(trimmed, null);
                return (null, anyDate.Outcome == NameMatchOutcome.NotFound
                    ? $"unknown unit: no province is called '{trimmed}'"
                    : $"unit not valid at that date: '{trimmed}' named no province on {day} ({string.Join("; ", anyDate.Candidates.Select(c => Period(_units.Single(u => u.Id == c.UnitId))))})");
        }
    }

    private ILookup<string, AdministrativeUnit>? _communes;

    /// <summary>A commune by its code, as it was on <paramref name="date"/> (communes are many: looked up by code).</summary>
    public AdministrativeUnit? Commune(string code, DateOnly date)
    {
        _communes ??= _units.Where(u => u.Type == UnitType.Commune).ToLookup(u => u.Code, StringComparer.Ordinal);
        return _communes[code.Trim()].FirstOrDefault(u => (u.ValidFrom is null || u.ValidFrom <= date) && (u.ValidTo is null || u.ValidTo >= date));
    }

    /// <summary>A unit of a province's own cohort (a department, a district) by its name.</summary>
    public AdministrativeUnit? SubUnit(int ownerId, string name)
    {
        var key = VietnameseNames.MatchKey(name);
        return _units.SingleOrDefault(u => u.ParentId == ownerId && VietnameseNames.MatchKey(u.Name) == key);
    }

    private static string Period(AdministrativeUnit u) =>
        $"{u.Code} {u.Name}{(u.ValidFrom is null ? "" : $" from {u.ValidFrom:yyyy-MM-dd}")}{(u.ValidTo is null ? "" : $" until {u.ValidTo:yyyy-MM-dd}")}";
}
