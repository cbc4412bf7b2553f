using System.Globalization;
using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Persistence.Loading;

/// <summary>What the results load read, matched to units and editions, and skipped (with why).</summary>
public sealed record ResultsLoadOutcome(int RowsRead, int Matched, IReadOnlyList<SkippedRow> Skipped);

/// <summary>
/// Matches the shipped result rows to editions, cohorts and units (as they were in the table's
/// year) and brings the results, published statistics and published facts in line with them.
/// Several sources for one figure become one result with one observation per source.
/// The caller saves, in its transaction.
/// </summary>
public sealed class ResultsLoader(IndexHubDbContext db)
{
    public async Task<ResultsLoadOutcome> SyncAsync(string dataDirectory, CancellationToken ct)
    {
        var data = ResultsSource.Read(dataDirectory);
        var context = await ResolutionContext.CreateAsync(db, ct);
        var skipped = data.Skipped.ToList();

        var groups = new Dictionary<(IndexEdition Edition, Cohort Cohort, AdministrativeUnit Unit, int Year), List<ResultRecord>>();
        var matched = 0;
        foreach (var record in data.Results)
        {
            if (!context.TryResolve(record.IndexCode, record.Year, record.Unit, record.CohortCode, out var target, out var why))
            {
                skipped.Add(new SkippedRow(record.Origin, why));
                continue;
            }
            matched++;
            var key = (target.Edition, target.Cohort, target.Unit, record.Year);
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }
            list.Add(record);
        }

        var existing = await db.Results
            .Include(r => r.Components)
            .Include(r => r.Observations)
            .AsSplitQuery()
            .ToDictionaryAsync(r => (r.EditionId, r.CohortId, r.UnitId, r.Year), ct);
        foreach (var ((edition, cohort, unit, year), records) in groups)
        {
            var result = cohort.Id != 0 && existing.TryGetValue((edition.Id, cohort.Id, unit.Id, year), out var found) ? found : null;
            if (result is null)
            {
                result = new Result { Edition = edition, Cohort = cohort, Unit = unit, Year = year };
                db.Results.Add(result);
            }
            Merge(result, edition, records, context, skipped);
        }

        await SyncStatisticsAsync(data.Statistics, context, skipped, ct);
        await SyncFactsAsync(data.Facts, context, skipped, ct);
        return new ResultsLoadOutcome(data.RowsRead, matched, skipped);
    }

    /// <summary>The figures of several sources for one result: the first complete table leads, every source is kept.</summary>
    private static void Merge(Result result, IndexEdition edition, List<ResultRecord> records, ResolutionContext context, List<SkippedRow> skipped)
    {
        var score = records.Select(r => r.Score).FirstOrDefault(s => s is not null);
        result.Score = score;
        result.Status = score is not null ? ValueStatus.Published : records[0].Status;
        result.PublishedRank = records.Select(r => r.Rank).FirstOrDefault(r => r is not null);
        var tierText = records.Select(r => r.Tier).FirstOrDefault(t => t is not null);
        result.Tier = tierText is null ? null : context.Tier(edition, tierText);
        if (tierText is not null && result.Tier is null)
        {
            skipped.Add(new SkippedRow(records[0].Origin, $"tier '{tierText}' is not one of the index's tiers; the result is kept without it"));
        }

        var wanted = new Dictionary<int, (IndexComponent Component, ComponentValue Value)>();
        foreach (var record in records)
        {
            foreach (var (code, value) in record.Components)
            {
                var component = edition.Components.FirstOrDefault(c => c.Code == code);
                var inYear = component is not null
                    && (component.FirstYear is null || component.FirstYear <= result.Year)
                    && (component.LastYear is null || component.LastYear >= result.Year);
                if (component is null || !inYear)
                {
                    if (value.Score is not null)
                    {
                        skipped.Add(new SkippedRow(record.Origin, $"component {code} is not part of {edition.Code} in {result.Year}; its value {value.Score} is not loaded"));
                    }
                    continue;
                }
                if (!wanted.TryGetValue(component.Id, out var current) || (current.Value.Score is null && value.Score is not null))
                {
                    wanted[component.Id] = (component, value with { Rank = value.Rank ?? current.Value?.Rank });
                }
            }
        }
        foreach (var stale in result.Components.Where(c => !wanted.ContainsKey(c.ComponentId)).ToList())
        {
            result.Components.Remove(stale);
        }
        foreach (var (componentId, (component, value)) in wanted)
        {
            var row = result.Components.FirstOrDefault(c => c.ComponentId == componentId);
            if (row is null)
            {
                row = new ResultComponent { Component = component };
                result.Components.Add(row);
            }
            row.Score = value.Score;
            row.Status = value.Status;
            row.PublishedRank = value.Rank;
        }

        var observations = new List<(Source Source, ResultRecord Record)>();
        foreach (var record in records)
        {
            var source = context.Source(record.Source);
            if (observations.Any(o => o.Source == source && o.Record.Metric == record.Metric))
            {
                skipped.Add(new SkippedRow(record.Origin, "repeats a row of the same source for the same result"));
                continue;
            }
            observations.Add((source, record));
        }
        foreach (var stale in result.Observations.Where(o => !observations.Any(w => w.Source.Id == o.SourceId && w.Source.Id != 0 && w.Record.Metric == o.Metric)).ToList())
        {
            result.Observations.Remove(stale);
        }
        foreach (var (source, record) in observations)
        {
            var row = result.Observations.FirstOrDefault(o => o.SourceId == source.Id && source.Id != 0 && o.Metric == record.Metric);
            if (row is null)
            {
                row = new ResultObservation { Source = source, Metric = record.Metric };
                result.Observations.Add(row);
            }
            row.Score = record.Score;
            row.Rank = record.Rank;
            row.Note = record.Note;
        }
    }

    private async Task SyncStatisticsAsync(IReadOnlyList<StatisticRecord> records, ResolutionContext context, List<SkippedRow> skipped, CancellationToken ct)
    {
        var existing = await db.PublishedStatistics.ToListAsync(ct);
        foreach (var record in records)
        {
            var edition = context.Edition(record.IndexCode, record.Year, record.Owner?.Code);
            if (edition is null)
            {
                skipped.Add(new SkippedRow(record.Origin, $"no edition of {record.IndexCode} covers {record.Year}"));
                continue;
            }
            Region? region = null;
            if (record.Scope == StatisticScope.Region && (region = context.Region(record.RegionName!)) is null)
            {
                skipped.Add(new SkippedRow(record.Origin, $"'{record.RegionName}' is not a region"));
                continue;
            }
            var cohort = record.CohortCode is not null
                ? context.InternalCohort(record.CohortCode, record.Owner!.Code!)
                : context.NationalCohort(record.IndexCode, record.Year);
            var source = context.Source(record.Source);
            var row = existing.FirstOrDefault(s =>
                s.EditionId == edition.Id && s.Year == record.Year && s.Scope == record.Scope && s.RegionId == region?.Id
                && s.CohortId == cohort.Id && cohort.Id != 0 && s.Metric == record.Metric && s.SourceId == source.Id && source.Id != 0);
            if (row is null)
            {
                row = new PublishedStatistic { Edition = edition, Year = record.Year, Scope = record.Scope, Region = region, Cohort = cohort, Metric = record.Metric, Source = source };
                db.PublishedStatistics.Add(row);
                existing.Add(row);
            }
            row.Value = record.Value;
            row.PublishedRank = record.Rank;
            row.Note = record.Note;
        }
    }

    private async Task SyncFactsAsync(IReadOnlyList<FactRecord> records, ResolutionContext context, List<SkippedRow> skipped, CancellationToken ct)
    {
        var existing = await db.PublishedFacts.ToListAsync(ct);
        foreach (var record in records)
        {
            if (!context.TryResolve(record.IndexCode, record.Year, record.Unit, null, out var target, out var why))
            {
                skipped.Add(new SkippedRow(record.Origin, $"published fact not loaded: {why}"));
                continue;
            }
            var source = context.Source(record.Source);
            var row = existing.FirstOrDefault(f =>
                f.EditionId == target.Edition.Id && f.UnitId == target.Unit.Id && f.Year == record.Year && f.Kind == record.Kind
                && f.SourceId == source.Id && source.Id != 0);
            if (row is null)
            {
                row = new PublishedFact { Edition = target.Edition, Unit = target.Unit, Year = record.Year, Kind = record.Kind, Source = source, Text = record.Text };
                db.PublishedFacts.Add(row);
                existing.Add(row);
            }
            row.ComparedToYear = record.ComparedToYear;
            row.Places = record.Places;
            row.Text = record.Text;
        }
    }

    public readonly record struct Target(IndexEdition Edition, Cohort Cohort, AdministrativeUnit Unit);

    /// <summary>Everything a row is matched against, read once per load.</summary>
    private sealed class ResolutionContext
    {
        private readonly IndexHubDbContext _db;
        private readonly List<IndexDefinition> _indices;
        private readonly List<AdministrativeUnit> _units;
        private readonly NameMatcher _provinceNames;
        private readonly Dictionary<string, Cohort> _cohorts;
        private readonly Dictionary<string, Source> _sources;
        private readonly List<Region> _regions;

        private ResolutionContext(IndexHubDbContext db, List<IndexDefinition> indices, List<AdministrativeUnit> units,
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

        public static async Task<ResolutionContext> CreateAsync(IndexHubDbContext db, CancellationToken ct) => new(
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
        public Cohort NationalCohort(string indexCode, int year)
        {
            var date = GeographyDate(indexCode, year);
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
    }
}
