using System.Data;
using System.Globalization;
using IndexHub.Api.Domain.Geography;
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

public sealed record EditionEntry(int Id, int IndexId, string Code, string Name, int? FirstYear, int? LastYear, int? OwnerUnitId);

public sealed record ComponentEntry(int Id, int EditionId, int? ParentId, string Code, string NameVi, string NameEn, int Order);

public sealed record TierEntry(int Id, string Code, string NameVi, string NameEn);

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

    private ILookup<string, UnitEntry>? _provincesByCode;

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
        var indices = await db.Indices.AsNoTracking().OrderBy(i => i.Code).Select(i => new IndexInfo(i.Id, i.Code, i.NameEn, i.HigherIsBetter)).ToListAsync(ct);
        var editions = await db.IndexEditions.AsNoTracking()
            .Select(e => new EditionEntry(e.Id, e.IndexId, e.Code, e.Name, e.FirstYear, e.LastYear, e.OwnerUnitId)).ToDictionaryAsync(e => e.Id, ct);
        var components = await db.IndexComponents.AsNoTracking()
            .Select(c => new ComponentEntry(c.Id, c.EditionId, c.ParentId, c.Code, c.NameVi, c.NameEn, c.Order)).ToDictionaryAsync(c => c.Id, ct);
        var tiers = await db.IndexTiers.AsNoTracking().Select(t => new TierEntry(t.Id, t.Code, t.NameVi, t.NameEn)).ToDictionaryAsync(t => t.Id, ct);
        var cohorts = await db.Cohorts.AsNoTracking()
            .Select(c => new CohortEntry(c.Id, c.Code, c.Name, c.Kind, c.Size, c.OwnerUnitId)).ToDictionaryAsync(c => c.Id, ct);
        var regionRows = await db.Regions.AsNoTracking().OrderBy(r => r.Order)
            .Select(r => new { r.Id, Dto = new RegionDto { Code = r.Code, Order = r.Order, NameVi = r.NameVi, NameEn = r.NameEn, LegalBasis = r.LegalBasis } })
            .ToListAsync(ct);
        var sources = await db.Sources.AsNoTracking()
            .Select(s => new { s.Id, Dto = new SourceDto { Url = s.Url, Citation = s.Citation, File = s.File } }).ToDictionaryAsync(s => s.Id, s => s.Dto, ct);
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
        var published = await db.PublishedStatistics.AsNoTracking().OrderBy(s => s.Scope).ThenBy(s => s.Metric).ThenBy(s => s.Id)
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

    /// <summary>The province a code named on a date, or null with a message that names what the code meant at other dates.</summary>
    public (int? Id, string? NotFound) FindProvince(string rawCode, DateOnly date)
    {
        _provincesByCode ??= Units.Values.Where(u => u.IsProvinceLevel).OrderBy(u => u.Id).ToLookup(u => u.Code, StringComparer.Ordinal);
        var code = UnitCodes.NormalizeProvinceCode(rawCode);
        var candidates = _provincesByCode[code].ToList();
        var found = UnitCodes.Resolve(candidates.Select(c => new CodedUnit(c.Id, c.Code, new Validity(c.ValidFrom, c.ValidTo))), code, date);
        if (found is not null)
        {
            return (found.UnitId, null);
        }
        if (candidates.Count == 0)
        {
            return (null, $"No province has ever had the code '{rawCode}'.");
        }
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var periods = string.Join("; ", candidates.Select(c =>
            $"{c.Name} ({Describe(c.ValidFrom, "from")} {Describe(c.ValidTo, "to")})".Replace("( ", "(", StringComparison.Ordinal).Replace(" )", ")", StringComparison.Ordinal)));
        return (null, $"No province had the code {code} on {day}. The code named: {periods}. Ask with asOf inside that period.");
    }

    private static string Describe(DateOnly? date, string word) =>
        date is null ? "" : $"{word} {date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";

    /// <summary>A cohort's statistics for one edition and year: computed (complete cohorts only) and published, each labelled.</summary>
    public StatisticsDto Statistics(int editionId, int cohortId, int year, int rowsHeld, int? cohortSize)
    {
        var computed = ComputedStatistics[(editionId, cohortId, year)]
            .Where(s => s.ComponentId == null && s.RegionId == null)
            .Select(s => new ComputedSummaryDto { Count = s.Count, Mean = s.Mean, Median = s.Median, Min = s.Min, Max = s.Max })
            .SingleOrDefault();
        return new StatisticsDto
        {
            Computed = computed,
            ComputedNote = computed is not null
                ? null
                : cohortSize is null
                    ? "Not computed: the publisher does not state how many units the cohort ranks."
                    : $"Not computed: {rowsHeld} of the cohort's {cohortSize} units are held; statistics are computed over complete data only.",
            Published = [.. PublishedStatistics[(editionId, year)]
                .Where(s => s.CohortId == cohortId && s.Scope != StatisticScope.Region)
                .Select(s => new PublishedStatisticDto
                {
                    Scope = s.Scope, Region = null, Metric = s.Metric, Value = s.Value, PublishedRank = s.PublishedRank, Note = s.Note, Source = s.Source,
                })],
        };
    }

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
