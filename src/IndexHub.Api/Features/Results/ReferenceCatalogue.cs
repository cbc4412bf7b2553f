using System.Data;
using System.Globalization;
using IndexHub.Api.Domain.Catalogue;
using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Features.Provinces;
using IndexHub.Api.Features.Regions;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Results;

public sealed record UnitEntry(
    int Id, string Code, string Name, UnitType Type, DateOnly? ValidFrom, DateOnly? ValidTo, int? ParentId, int? RegionId, string? RegionCode,
    IReadOnlyList<OfficialNameRead> OfficialNames)
{
    public bool IsProvinceLevel => ParentId is null && Type.IsProvinceLevel();
}

public sealed record EditionEntry(int Id, int IndexId, string Code, string Name, int? FirstYear, int? LastYear, int? OwnerUnitId, decimal? ScaleMin = null, decimal? ScaleMax = null)
{
    public YearRange Years => new(FirstYear, LastYear);
}

public sealed record ComponentEntry(
    int Id, int EditionId, int? ParentId, string Code, string NameVi, string NameEn, int Order,
    decimal? ScaleMin = null, decimal? ScaleMax = null, int? FirstYear = null, int? LastYear = null)
{
    /// <summary>The years the component exists in (PAPI's SC52 until 2020).</summary>
    public YearRange Years => new(FirstYear, LastYear);
}

public sealed record TierEntry(int Id, string Code, string NameVi, string NameEn, int IndexId = 0, int Order = 0);

/// <summary>What a write checks an index's figures against: its scale and the units it assesses.</summary>
public sealed record IndexRules(int Id, string Code, string NameVi, decimal ScaleMin, decimal ScaleMax, IReadOnlySet<UnitType> AssessedUnitTypes);

/// <summary>A source as a write finds it by its key (URL or citation).</summary>
public sealed record SourceEntry(int Id, string Key, SourceKind Kind);

public sealed record CohortEntry(int Id, string Code, string Name, CohortKind Kind, int? Size, int? OwnerUnitId);

/// <summary>How many results an edition holds for a cohort and year: which table a ranking reads.</summary>
public sealed record CoverageEntry(int IndexId, int EditionId, int CohortId, CohortKind CohortKind, int Year, int Rows);

public sealed record PublishedStatisticEntry(int EditionId, int? CohortId, int Year, StatisticScope Scope, int? RegionId, string Metric, decimal Value, int? PublishedRank, SourceDto Source, string? Note);

/// <summary>A province-level unit as the provinces list shapes it, with the keys a search matches.</summary>
public sealed record ProvinceEntry(UnitRow Row, int? RegionId, IReadOnlyList<string> MatchKeys);

/// <summary>
/// The reference rows every read names things by (indices, editions, components, tiers, cohorts, regions, sources,
/// units and their names, lineage, published statements and statistics, and which tables are held), read in one
/// snapshot per data version. The data changes a few times a year, so a request reads only its results from the
/// database; this is not a cache of answers, and a new data version replaces it (see <see cref="ReferenceCatalogues"/>).
/// </summary>
public sealed class ReferenceCatalogue
{
    public required long Version { get; init; }
    public required IReadOnlyList<IndexInfo> Indices { get; init; }
    public required IReadOnlyDictionary<int, EditionEntry> Editions { get; init; }
    public required IReadOnlyDictionary<int, ComponentEntry> Components { get; init; }
    public required IReadOnlyDictionary<int, TierEntry> Tiers { get; init; }
    public required IReadOnlyDictionary<int, CohortEntry> Cohorts { get; init; }
    public required IReadOnlyList<RegionDto> Regions { get; init; }
    public required IReadOnlyDictionary<int, RegionDto> RegionsById { get; init; }
    public required IReadOnlyDictionary<int, SourceDto> Sources { get; init; }
    public required IReadOnlyDictionary<int, UnitEntry> Units { get; init; }
    public required IReadOnlyList<ProvinceEntry> Provinces { get; init; }
    public required IReadOnlyList<LineageLink> Lineage { get; init; }
    public required IReadOnlyDictionary<(int IndexId, int Year), DateOnly> GeographyOverrides { get; init; }
    public required IReadOnlyList<CoverageEntry> Coverage { get; init; }
    public required ILookup<(int EditionId, int CohortId, int Year), ComputedStatistic> ComputedStatistics { get; init; }
    public required ILookup<(int EditionId, int Year), PublishedStatisticEntry> PublishedStatistics { get; init; }
    public required ILookup<int, PublishedFactDto> FactsByUnit { get; init; }
    public required IReadOnlyDictionary<int, IndexRules> Rules { get; init; }
    public required IReadOnlyDictionary<string, SourceEntry> SourcesByKey { get; init; }
    /// <summary>The match keys of every unit's names (official, ASCII, aliases, English).</summary>
    public required ILookup<int, string> UnitMatchKeys { get; init; }

    private ILookup<string, UnitEntry>? _provincesByCode;
    private NameMatcher? _provinceNames;
    private ILookup<int, UnitEntry>? _unitsByParent;

    /// <summary>Reads the catalogue; inside a write's transaction it sees that write, else it reads one consistent snapshot.</summary>
    public static async Task<ReferenceCatalogue> LoadAsync(IndexHubDbContext db, CancellationToken ct)
    {
        // SQLite has one writer at a time and its transactions would lock writers out, so only PostgreSQL needs one.
        if (db.Database.CurrentTransaction is not null || !db.Database.IsNpgsql())
        {
            return await ReadAsync(db, ct);
        }
        // The retrying strategy owns the transaction, so that a dropped connection reads the whole snapshot again.
        return await db.Database.CreateExecutionStrategy().ExecuteAsync(async innerCt =>
        {
            await using var snapshot = await db.Database.BeginTransactionAsync(IsolationLevel.RepeatableRead, innerCt);
            return await ReadAsync(db, innerCt);
        }, ct);
    }

    private static async Task<ReferenceCatalogue> ReadAsync(IndexHubDbContext db, CancellationToken ct)
    {
        var version = await db.ReadDataVersionAsync(ct);
        var indices = await db.Indices.AsNoTracking().OrderBy(i => i.Code).Select(i => new IndexInfo(i.Id, i.Code, i.NameEn, i.HigherIsBetter, i.NameVi)).ToListAsync(ct);
        var rules = await db.Indices.AsNoTracking()
            .Select(i => new { i.Id, i.Code, i.NameVi, i.ScaleMin, i.ScaleMax, i.AssessedUnitTypes }).ToListAsync(ct);
        var editions = await db.IndexEditions.AsNoTracking()
            .Select(e => new EditionEntry(e.Id, e.IndexId, e.Code, e.Name, e.FirstYear, e.LastYear, e.OwnerUnitId, e.ScaleMin, e.ScaleMax)).ToDictionaryAsync(e => e.Id, ct);
        var components = await db.IndexComponents.AsNoTracking()
            .Select(c => new ComponentEntry(c.Id, c.EditionId, c.ParentId, c.Code, c.NameVi, c.NameEn, c.Order, c.ScaleMin, c.ScaleMax, c.FirstYear, c.LastYear))
            .ToDictionaryAsync(c => c.Id, ct);
        var tiers = await db.IndexTiers.AsNoTracking().Select(t => new TierEntry(t.Id, t.Code, t.NameVi, t.NameEn, t.IndexId, t.Order)).ToDictionaryAsync(t => t.Id, ct);
        var cohorts = await db.Cohorts.AsNoTracking()
            .Select(c => new CohortEntry(c.Id, c.Code, c.Name, c.Kind, c.Size, c.OwnerUnitId)).ToDictionaryAsync(c => c.Id, ct);
        var regionRows = await db.Regions.AsNoTracking().OrderBy(r => r.Order)
            .Select(r => new { r.Id, Dto = new RegionDto { Code = r.Code, Order = r.Order, NameVi = r.NameVi, NameEn = r.NameEn, LegalBasis = r.LegalBasis } })
            .ToListAsync(ct);
        var sourceRows = await db.Sources.AsNoTracking()
            .Select(s => new { s.Id, s.Key, s.Kind, Dto = new SourceDto { Url = s.Url, Citation = s.Citation, File = s.File, Kind = s.Kind, Publisher = s.Publisher, Title = s.Title, Date = s.PublishedOn, Carrier = s.Carrier } })
            .ToListAsync(ct);
        var sources = sourceRows.ToDictionary(s => s.Id, s => s.Dto);
        var names = await db.UnitNames.AsNoTracking().OrderBy(n => n.Id)
            .Select(n => new { n.UnitId, n.Kind, n.Value, n.FullName, n.Type, n.MatchKey, n.ValidFrom, n.ValidTo }).ToListAsync(ct);
        var namesByUnit = names.ToLookup(n => n.UnitId);
        var regionsById = regionRows.ToDictionary(r => r.Id, r => r.Dto);
        var unitRows = await db.Units.AsNoTracking()
            .Select(u => new { u.Id, u.Code, u.Name, u.Type, u.ValidFrom, u.ValidTo, u.ParentId, u.RegionId, u.FullName, u.NameAscii, u.NameEn, u.Source })
            .ToListAsync(ct);
        var units = unitRows.ToDictionary(u => u.Id, u => new UnitEntry(
            u.Id, u.Code, u.Name, u.Type, u.ValidFrom, u.ValidTo, u.ParentId, u.RegionId, u.RegionId is int r ? regionsById[r].Code : null,
            [.. namesByUnit[u.Id].Where(n => n.Kind == UnitNameKind.Official).Select(n => new OfficialNameRead(n.Value, n.ValidFrom, n.ValidTo))]));
        var provinces = unitRows.Where(u => units[u.Id].IsProvinceLevel).OrderBy(u => u.Code, StringComparer.Ordinal).ThenBy(u => u.Id)
            .Select(u => new ProvinceEntry(
                new UnitRow
                {
                    Id = u.Id, Code = u.Code, Type = u.Type, ValidFrom = u.ValidFrom, ValidTo = u.ValidTo, Name = u.Name, FullName = u.FullName,
                    NameAscii = u.NameAscii, NameEn = u.NameEn, Region = u.RegionId is int r ? regionsById[r] : null, Source = u.Source,
                    Names = [.. namesByUnit[u.Id].Select(n => new UnitNameRow { Kind = n.Kind, Value = n.Value, FullName = n.FullName, Type = n.Type, ValidFrom = n.ValidFrom, ValidTo = n.ValidTo })],
                },
                u.RegionId,
                [.. namesByUnit[u.Id].Select(n => n.MatchKey)]))
            .ToList();
        var lineage = await db.LineageEvents.AsNoTracking().Select(e => new LineageLink(e.FromUnitId, e.ToUnitId, e.Kind, e.Effective)).ToListAsync(ct);
        var overrides = await db.GeographyOverrides.AsNoTracking().Select(g => new { g.IndexId, g.Year, g.AsOf }).ToListAsync(ct);
        var coverage = await db.Results.AsNoTracking()
            .GroupBy(r => new { r.EditionId, r.CohortId, r.Year })
            .Select(g => new { g.Key.EditionId, g.Key.CohortId, g.Key.Year, Rows = g.Count() })
            .ToListAsync(ct);
        var computed = await db.ComputedStatistics.AsNoTracking().ToListAsync(ct);
        var published = await db.PublishedStatistics.AsNoTracking().Where(s => s.ReplacedRevisionId == null).OrderBy(s => s.Scope).ThenBy(s => s.Metric).ThenBy(s => s.Id)
            .Select(s => new { s.EditionId, s.CohortId, s.Year, s.Scope, s.RegionId, s.Metric, s.Value, s.PublishedRank, s.SourceId, s.Note })
            .ToListAsync(ct);
        var facts = await db.PublishedFacts.AsNoTracking()
            .Select(f => new { f.UnitId, f.EditionId, f.Kind, f.Year, f.ComparedToYear, f.Places, f.Text, f.SourceId })
            .ToListAsync(ct);
        var indexCodes = indices.ToDictionary(i => i.Id, i => i.Code);
        return new ReferenceCatalogue
        {
            Version = version,
            Indices = indices,
            Editions = editions,
            Components = components,
            Tiers = tiers,
            Cohorts = cohorts,
            Regions = [.. regionRows.Select(r => r.Dto)],
            RegionsById = regionsById,
            Sources = sources,
            Units = units,
            Provinces = provinces,
            Lineage = lineage,
            GeographyOverrides = overrides.ToDictionary(g => (g.IndexId, g.Year), g => g.AsOf),
            Coverage = [.. coverage.Select(c => new CoverageEntry(editions[c.EditionId].IndexId, c.EditionId, c.CohortId, cohorts[c.CohortId].Kind, c.Year, c.Rows))],
            ComputedStatistics = computed.ToLookup(s => (s.EditionId, s.CohortId, s.Year)),
            PublishedStatistics = published.ToLookup(s => (s.EditionId, s.Year), s => new PublishedStatisticEntry(
                s.EditionId, s.CohortId, s.Year, s.Scope, s.RegionId, s.Metric, s.Value, s.PublishedRank, sources[s.SourceId], s.Note)),
            Rules = rules.ToDictionary(i => i.Id, i => new IndexRules(i.Id, i.Code, i.NameVi, i.ScaleMin, i.ScaleMax,
                i.AssessedUnitTypes.Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Enum.Parse<UnitType>).ToHashSet())),
            SourcesByKey = sourceRows.ToDictionary(s => s.Key, s => new SourceEntry(s.Id, s.Key, s.Kind), StringComparer.Ordinal),
            UnitMatchKeys = names.ToLookup(n => n.UnitId, n => n.MatchKey),
            FactsByUnit = facts
                .Select(f => (f.UnitId, Fact: new PublishedFactDto
                {
                    Index = indexCodes[editions[f.EditionId].IndexId], Kind = f.Kind, Year = f.Year, ComparedToYear = f.ComparedToYear,
                    Places = f.Places, Text = f.Text, Source = sources[f.SourceId],
                }))
                .OrderBy(f => f.Fact.Index, StringComparer.Ordinal).ThenBy(f => f.Fact.Year).ThenBy(f => f.Fact.Kind)
                .ToLookup(f => f.UnitId, f => f.Fact),
        };
    }

    public IndexInfo? FindIndex(string code)
    {
        var normalized = code.Trim().ToUpperInvariant();
        return Indices.FirstOrDefault(i => i.Code == normalized);
    }

    /// <summary>The edition of an index that a cohort and year imply: a province's own edition for its own cohorts, else the national one.</summary>
    /// <remarks>
    /// An index that ranks no provinces (DDCI) has one edition that no province owns, whose components each province
    /// sets: a province's own cohort of such an index falls back to it. An index that ranks provinces does not (Hà Nội's
    /// PAR of its departments is its own edition, never the national one).
    /// </remarks>
    public EditionEntry? EditionFor(int indexId, int year, int? ownerUnitId)
    {
        EditionEntry? Owned(int? owner) =>
            Editions.Values.Where(e => e.IndexId == indexId && e.OwnerUnitId == owner && e.Years.Contains(year)).OrderBy(e => e.Id).FirstOrDefault();
        return Owned(ownerUnitId)
            ?? (ownerUnitId is not null && Rules.TryGetValue(indexId, out var rules) && !rules.AssessedUnitTypes.Any(t => t.IsProvinceLevel()) ? Owned(null) : null);
    }

    /// <summary>The day whose geography a year's table uses: its last day, unless the publisher used another (DTI 2024: the 34 provinces).</summary>
    public DateOnly GeographyDate(int indexId, int year) =>
        GeographyOverrides.TryGetValue((indexId, year), out var asOf) ? asOf : new DateOnly(year, 12, 31);

    /// <summary>The provinces ranked together nationally on a day: 64, 63 or 34.</summary>
    public CohortEntry? NationalCohort(DateOnly date)
    {
        var size = Units.Values.Count(u => u.IsProvinceLevel && new Validity(u.ValidFrom, u.ValidTo).Contains(date));
        return Cohorts.Values.FirstOrDefault(c => c.Kind == CohortKind.Provinces && c.Size == size);
    }

    /// <summary>How many of a national cohort's provinces lie in each region on a day.</summary>
    public IReadOnlyDictionary<int, int> RegionSizes(DateOnly date) =>
        Units.Values.Where(u => u.IsProvinceLevel && u.RegionId is not null && new Validity(u.ValidFrom, u.ValidTo).Contains(date))
            .GroupBy(u => u.RegionId!.Value).ToDictionary(g => g.Key, g => g.Count());

    public IEnumerable<TierEntry> TiersOf(int indexId) => Tiers.Values.Where(t => t.IndexId == indexId).OrderBy(t => t.Order);

    /// <summary>A tier of an index by its code or either name, with or without diacritics.</summary>
    public TierEntry? FindTier(int indexId, string text)
    {
        var key = VietnameseNames.MatchKey(text);
        return TiersOf(indexId).FirstOrDefault(t => t.Code == text.Trim() || VietnameseNames.MatchKey(t.NameVi) == key || VietnameseNames.MatchKey(t.NameEn) == key);
    }

    /// <summary>
    /// A province by code or by any spelling, as it was on <paramref name="date"/>; otherwise why not: ambiguous, valid
    /// only at other dates, or unknown.
    /// </summary>
    public (UnitEntry? Unit, string? Error) ResolveProvince(string text, DateOnly date)
    {
        var trimmed = text.Trim();
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (trimmed.Length > 0 && trimmed.All(char.IsAsciiDigit))
        {
            if (FindProvince(trimmed, date) is int found)
            {
                return (Units[found], null);
            }
            var code = UnitCodes.NormalizeProvinceCode(trimmed);
            var elsewhere = Units.Values.Where(u => u.IsProvinceLevel && u.Code == code).ToList();
            return (null, elsewhere.Count > 0
                ? $"unit not valid at that date: code {code} named no province on {day} ({string.Join("; ", elsewhere.Select(Period))})"
                : $"unknown unit: no province has the code {code}");
        }
        _provinceNames ??= new NameMatcher(Provinces.Select(p => new NamedUnit(
            p.Row.Id, p.Row.Code, p.Row.Name, new Validity(p.Row.ValidFrom, p.Row.ValidTo), p.Row.Names.Select(n => n.Value).ToList())));
        var match = _provinceNames.Match(trimmed, date);
        switch (match.Outcome)
        {
            case NameMatchOutcome.Matched:
                return (Units[match.Unit!.UnitId], null);
            case NameMatchOutcome.Ambiguous:
                return (null, $"ambiguous name: '{trimmed}' could be {string.Join(" or ", match.Candidates.Select(c => $"{c.Name} ({c.Code})"))} on {day}; give the code");
            default:
                var anyDate = _provinceNames.Match(trimmed, null);
                return (null, anyDate.Outcome == NameMatchOutcome.NotFound
                    ? $"unknown unit: no province is called '{trimmed}'"
                    : $"unit not valid at that date: '{trimmed}' named no province on {day} ({string.Join("; ", anyDate.Candidates.Select(c => Period(Units[c.UnitId])))})");
        }
    }

    /// <summary>One of a province's own units (a department, a district) by its code or any of its names, as it was on a day.</summary>
    public (UnitEntry? Unit, string? Error) ResolveOwnUnit(int ownerId, string text, DateOnly date)
    {
        _unitsByParent ??= Units.Values.Where(u => u.ParentId is not null).ToLookup(u => u.ParentId!.Value);
        var trimmed = text.Trim();
        var key = VietnameseNames.MatchKey(trimmed);
        var owner = Units[ownerId];
        var candidates = _unitsByParent[ownerId]
            .Where(u => string.Equals(u.Code, trimmed, StringComparison.OrdinalIgnoreCase) || UnitMatchKeys[u.Id].Contains(key))
            .ToList();
        if (candidates.Count == 0)
        {
            return (null, $"unknown unit: '{trimmed}' is not one of {owner.Name}'s own units (GET /api/v1/provinces/{owner.Code}/units lists them)");
        }
        var valid = candidates.Where(u => new Validity(u.ValidFrom, u.ValidTo).Contains(date)).ToList();
        return valid.Count switch
        {
            1 => (valid[0], null),
            0 => (null, $"unit not valid at that date: '{trimmed}' named no unit of {owner.Name} on {date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)} ({string.Join("; ", candidates.Select(Period))})"),
            _ => (null, $"ambiguous name: '{trimmed}' could be {string.Join(" or ", valid.Select(u => u.Code))}; give the code"),
        };
    }

    private ILookup<string, UnitEntry>? _communes;

    /// <summary>A commune by its code, as it was on a day (communes are many: looked up by code).</summary>
    public UnitEntry? FindCommune(string code, DateOnly date)
    {
        _communes ??= Units.Values.Where(u => u.Type == UnitType.Commune).ToLookup(u => u.Code, StringComparer.Ordinal);
        return _communes[code.Trim()].FirstOrDefault(u => new Validity(u.ValidFrom, u.ValidTo).Contains(date));
    }

    private static string Period(UnitEntry u) =>
        $"{u.Code} {u.Name}{(u.ValidFrom is null ? "" : $" from {u.ValidFrom:yyyy-MM-dd}")}{(u.ValidTo is null ? "" : $" until {u.ValidTo:yyyy-MM-dd}")}";

    /// <summary>The 404 detail for an unknown index code, listing the codes that exist.</summary>
    public string UnknownIndex(string code) => $"No index has the code '{code}'. Known: {string.Join(", ", Indices.Select(i => i.Code))}.";

    /// <summary>Index codes from a comma-separated list ("PAR,PCI"); an unknown one is a 400 naming the parameter.</summary>
    public IReadOnlyList<IndexInfo> ParseIndices(string? list, string parameter)
    {
        if (string.IsNullOrWhiteSpace(list))
        {
            return Indices;
        }
        var wanted = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToUpperInvariant()).Distinct().ToList();
        var unknown = wanted.Where(w => Indices.All(i => i.Code != w)).ToList();
        if (unknown.Count > 0)
        {
            throw RequestValidationException.For(parameter, $"unknown index code(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", Indices.Select(i => i.Code))}.");
        }
        return [.. Indices.Where(i => wanted.Contains(i.Code))];
    }

    public CohortEntry? FindCohort(string code) => Cohorts.Values.FirstOrDefault(c => c.Code == code);

    /// <summary>A region by its code ("mekong-river-delta"), its order (6) or any of its names, with or without diacritics.</summary>
    public int? FindRegionId(string region)
    {
        var key = VietnameseNames.MatchKey(region);
        var trimmed = region.Trim();
        return RegionsById.FirstOrDefault(r =>
            string.Equals(r.Value.Code, trimmed, StringComparison.OrdinalIgnoreCase)
            || r.Value.Order.ToString(CultureInfo.InvariantCulture) == trimmed
            || VietnameseNames.MatchKey(r.Value.NameVi) == key
            || VietnameseNames.MatchKey(r.Value.NameEn) == key) is { Value: not null } found ? found.Key : null;
    }

    /// <summary>The province a code named on a date, or null (<see cref="UnknownProvince"/> says why).</summary>
    public int? FindProvince(string rawCode, DateOnly date)
    {
        var code = UnitCodes.NormalizeProvinceCode(rawCode);
        return UnitCodes.Resolve(ProvincesWithCode(code).Select(c => new CodedUnit(c.Id, c.Code, new Validity(c.ValidFrom, c.ValidTo))), code, date)?.UnitId;
    }

    /// <summary>The province a code named on a date; a code that named none then is a <see cref="NotFoundException"/>.</summary>
    public int RequireProvince(string rawCode, DateOnly date) =>
        FindProvince(rawCode, date) ?? throw new NotFoundException(UnknownProvince(rawCode, date));

    /// <summary>The 404 detail for a code that named no province on a date: what it named at other dates, if anything.</summary>
    public string UnknownProvince(string rawCode, DateOnly date)
    {
        var code = UnitCodes.NormalizeProvinceCode(rawCode);
        var candidates = ProvincesWithCode(code).ToList();
        if (candidates.Count == 0)
        {
            return $"No province has ever had the code '{rawCode}'.";
        }
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var periods = string.Join("; ", candidates.Select(c =>
            $"{c.Name} ({Describe(c.ValidFrom, "from")} {Describe(c.ValidTo, "to")})".Replace("( ", "(", StringComparison.Ordinal).Replace(" )", ")", StringComparison.Ordinal)));
        return $"No province had the code {code} on {day}. The code named: {periods}. Ask with asOf inside that period.";
    }

    private IEnumerable<UnitEntry> ProvincesWithCode(string code)
    {
        _provincesByCode ??= Units.Values.Where(u => u.IsProvinceLevel).OrderBy(u => u.Id).ToLookup(u => u.Code, StringComparer.Ordinal);
        return _provincesByCode[code];
    }

    private static string Describe(DateOnly? date, string word) =>
        date is null ? "" : $"{word} {date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>
    /// A cohort's statistics for one edition and year: computed (only where every unit's score is settled) and published,
    /// each labelled; where nothing is computed the note says why ("scores held 5 of 63").
    /// </summary>
    public StatisticsDto Statistics(int editionId, int cohortId, int year, CohortCoverage coverage) =>
        StatisticsOf(ComputedStatistics[(editionId, cohortId, year)].Where(s => s.ComponentId == null && s.RegionId == null)
                .Select(s => new Domain.Results.Summary(s.Count, s.Mean, s.Median, s.Min, s.Max)).SingleOrDefault(),
            coverage, PublishedStatistics[(editionId, year)].Where(s => s.CohortId == cohortId && s.Scope != StatisticScope.Region));

    public static StatisticsDto StatisticsOf(Domain.Results.Summary? computed, CohortCoverage coverage, IEnumerable<PublishedStatisticEntry> published) => new()
    {
        Computed = computed is null || !coverage.Complete
            ? null
            : new ComputedSummaryDto
            {
                Count = computed.Count, Mean = computed.Mean, Median = computed.Median, Min = computed.Min, Max = computed.Max,
                WithoutScore = coverage.Settled - coverage.ScoresHeld,
            },
        ComputedNote = computed is not null && coverage.Complete
            ? null
            : $"Not computed: {coverage.WhyIncomplete ?? "no scores"}; IndexHub computes ranks and statistics only where every unit's score is held (or stated not to exist).",
        Published = [.. published.Select(s => new PublishedStatisticDto
        {
            Scope = s.Scope, Region = null, Metric = s.Metric, Value = s.Value, PublishedRank = s.PublishedRank, Note = s.Note, Source = s.Source,
        })],
    };

    /// <summary>The published statements about these units, in index, year and kind order.</summary>
    public List<PublishedFactDto> Facts(IReadOnlyCollection<int> unitIds, int? year) =>
        [.. unitIds.Distinct().SelectMany(id => FactsByUnit[id])
            .Where(f => year is null || f.Year == year)
            .OrderBy(f => f.Index, StringComparer.Ordinal).ThenBy(f => f.Year).ThenBy(f => f.Kind)];
}

/// <summary>
/// Holds the <see cref="ReferenceCatalogue"/> of the data version this replica serves. A request compares two
/// numbers; the catalogue is read again only when the version moves (a write here, or another replica's write
/// noticed by <see cref="DataVersionMonitor"/>), by one request while the others wait for it.
/// </summary>
public sealed class ReferenceCatalogues(DataVersionState dataVersion)
{
    private ReferenceCatalogue? _held;
    private readonly SemaphoreSlim _loading = new(1, 1);

    public async ValueTask<ReferenceCatalogue> GetAsync(IndexHubDbContext db, CancellationToken ct)
    {
        if (db.Database.CurrentTransaction is not null)
        {
            // Inside a write: read what the write sees, and keep none of it (it may yet roll back).
            return await ReferenceCatalogue.LoadAsync(db, ct);
        }
        var held = Volatile.Read(ref _held);
        if (held is not null && held.Version >= dataVersion.Current)
        {
            return held;
        }
        await _loading.WaitAsync(ct);
        try
        {
            held = Volatile.Read(ref _held);
            if (held is not null && held.Version >= dataVersion.Current)
            {
                return held;
            }
            var loaded = await ReferenceCatalogue.LoadAsync(db, ct);
            // Keyed by the version it was read at: a read replica that lags behind the announced version gives an
            // older catalogue, which is used for this request and read again on the next.
            if (held is null || loaded.Version >= held.Version)
            {
                Volatile.Write(ref _held, loaded);
            }
            return loaded;
        }
        finally
        {
            _loading.Release();
        }
    }
}
