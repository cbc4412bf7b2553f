using IndexHub.Api.Domain.Results;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Writes;

/// <summary>
/// Computes and stores what follows from the results: competition ranks and statistics where the cohort's figure is
/// complete (<see cref="CohortDerivation"/>), percentiles, and changes on the previous year (flagged where the edition
/// or cohort changed). Stored, so that reads are cheap and no engine has to compare or sum decimals. Deterministic:
/// recomputing unchanged data changes nothing. Figures are read untracked and only what changed is written, through
/// the store the size calls for.
/// </summary>
public sealed class Derivations(IndexHubDbContext db, ResultStores stores, ILogger<Derivations> logger)
{
    private sealed record Row(
        int Id, int IndexId, int EditionId, int CohortId, int UnitId, int Year, decimal? Score, ValueStatus Status, int? PublishedRank,
        int? ComputedRank, decimal? Percentile, int? PreviousResultId, decimal? ScoreChange, int? RankChange, bool? Comparable, string? ComparabilityNote);

    private sealed record Cell(int Id, int ResultId, int ComponentId, decimal? Score, ValueStatus Status, int? ComputedRank);

    /// <param name="catalogue">The catalogue as the write sees it.</param>
    /// <param name="indexId">Only this index's results (a write touches one index); null for all.</param>
    /// <param name="year">
    /// The year a write changed: only that year's ranks and statistics and the changes of that year and the next follow
    /// from it (the year before is read, for the changes, not rewritten). Null: every year.
    /// </param>
    /// <param name="ct">Cancellation.</param>
    /// <returns>How many results and component values had a derived column changed.</returns>
    public async Task<int> RecomputeAsync(ReferenceCatalogue catalogue, int? indexId, int? year, CancellationToken ct)
    {
        bool Updated(int y) => year is null || y == year || y == year + 1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var scope = db.Results.AsNoTracking()
            .Where(r => indexId == null || r.Edition.IndexId == indexId)
            .Where(r => year == null || (r.Year >= year - 1 && r.Year <= year + 1));
        var results = await scope
            .Select(r => new Row(r.Id, r.Edition.IndexId, r.EditionId, r.CohortId, r.UnitId, r.Year, r.Score, r.Status, r.PublishedRank,
                r.ComputedRank, r.Percentile, r.PreviousResultId, r.ScoreChange, r.RankChange, r.Comparable, r.ComparabilityNote))
            .ToListAsync(ct);
        var cells = (await scope.Where(r => year == null || r.Year >= year).SelectMany(r => r.Components)
                .Select(c => new Cell(c.Id, c.ResultId, c.ComponentId, c.Score, c.Status, c.ComputedRank))
                .ToListAsync(ct))
            .ToLookup(c => c.ResultId);
        var readMs = clock.ElapsedMilliseconds;

        var rank = new Dictionary<int, int?>();
        var percentile = new Dictionary<int, decimal?>();
        var componentRanks = new Dictionary<int, int?>();
        var statistics = new List<ComputedStatistic>();
        foreach (var group in results.Where(r => Updated(r.Year)).GroupBy(r => (r.EditionId, r.CohortId, r.Year)))
        {
            var cohort = catalogue.Cohorts[group.Key.CohortId];
            var indexIdOf = group.First().IndexId;
            var regionSizes = cohort.Kind == CohortKind.Provinces ? catalogue.RegionSizes(catalogue.GeographyDate(indexIdOf, group.Key.Year)) : new Dictionary<int, int>();
            var rows = group.Select(r => new CohortRow(r.Id, r.UnitId, cohort.Kind == CohortKind.Provinces ? catalogue.Units[r.UnitId].RegionId : null, r.Score, r.Status,
                [.. cells[r.Id].Select(c => new CohortCell(c.Id, c.ComponentId, c.Score, c.Status))])).ToList();
            var derived = CohortDerivation.Derive(rows, cohort.Size, regionSizes, catalogue.Indices.First(i => i.Id == indexIdOf).HigherIsBetter);
            foreach (var row in group)
            {
                rank[row.Id] = derived.Ranks.TryGetValue(row.Id, out var r) ? r : null;
                percentile[row.Id] = Ranking.Percentile(row.PublishedRank ?? rank[row.Id], cohort.Size);
                foreach (var cell in cells[row.Id])
                {
                    componentRanks[cell.Id] = derived.ComponentRanks.TryGetValue(cell.Id, out var cr) ? cr : null;
                }
            }
            statistics.AddRange(derived.Statistics.Select(s => new ComputedStatistic
            {
                EditionId = group.Key.EditionId, CohortId = group.Key.CohortId, Year = group.Key.Year, ComponentId = s.ComponentId, RegionId = s.RegionId,
                Count = s.Summary.Count, Mean = s.Summary.Mean, Median = s.Summary.Median, Min = s.Summary.Min, Max = s.Summary.Max,
            }));
        }

        int? RankOf(Row row) => row.PublishedRank ?? (rank.TryGetValue(row.Id, out var r) ? r : row.ComputedRank);
        var byUnitYear = results.ToLookup(r => (r.IndexId, r.UnitId, r.Year));
        var changedResults = new List<(int Id, DerivedFigures Figures)>();
        foreach (var result in results.Where(r => Updated(r.Year)))
        {
            var previous = byUnitYear[(result.IndexId, result.UnitId, result.Year - 1)]
                .OrderByDescending(p => p.EditionId == result.EditionId)
                .ThenByDescending(p => p.CohortId == result.CohortId)
                .FirstOrDefault();
            var (comparable, note) = previous is null
                ? ((bool?)null, (string?)null)
                : Comparability.Check(catalogue.Editions[previous.EditionId].Code, catalogue.Editions[result.EditionId].Code,
                    catalogue.Cohorts[previous.CohortId].Code, catalogue.Cohorts[result.CohortId].Code);
            var derived = new DerivedFigures(
                rank[result.Id], percentile[result.Id], previous?.Id,
                previous is null ? null : result.Score - previous.Score,
                previous is null ? null : RankOf(previous) - RankOf(result),
                comparable, note);
            var stored = new DerivedFigures(result.ComputedRank, result.Percentile, result.PreviousResultId, result.ScoreChange,
                result.RankChange, result.Comparable, result.ComparabilityNote);
            if (derived != stored)
            {
                changedResults.Add((result.Id, derived));
            }
        }
        var storedComponentRanks = cells.SelectMany(g => g).ToDictionary(c => c.Id, c => c.ComputedRank);
        var changedComponents = componentRanks.Where(c => storedComponentRanks[c.Key] != c.Value).Select(c => (Id: c.Key, Rank: c.Value)).ToList();

        var deriveMs = clock.ElapsedMilliseconds;
        var store = stores.For(changedResults.Count + changedComponents.Count);
        await store.WriteDerivedAsync(changedResults, changedComponents, ct);
        var writeMs = clock.ElapsedMilliseconds;
        await SyncStatisticsAsync(statistics, indexId, year, ct);
        logger.LogInformation(
            "Derived {Results} results and {Components} component values: read {Read} ms, derive {Derive} ms, write {Changed} changed ({Store}) {Write} ms, statistics {Statistics} ms",
            results.Count, storedComponentRanks.Count, readMs, deriveMs - readMs, changedResults.Count + changedComponents.Count, store.GetType().Name,
            writeMs - deriveMs, clock.ElapsedMilliseconds - writeMs);
        return changedResults.Count + changedComponents.Count;
    }

    private async Task SyncStatisticsAsync(List<ComputedStatistic> wanted, int? indexId, int? year, CancellationToken ct)
    {
        var existing = await db.ComputedStatistics.AsTracking()
            .Where(s => indexId == null || db.IndexEditions.Any(e => e.Id == s.EditionId && e.IndexId == indexId))
            .Where(s => year == null || s.Year == year || s.Year == year + 1)
            .ToListAsync(ct);
        var byKey = existing.ToDictionary(s => (s.EditionId, s.CohortId, s.Year, s.ComponentId, s.RegionId));
        var wantedKeys = wanted.Select(s => (s.EditionId, s.CohortId, s.Year, s.ComponentId, s.RegionId)).ToHashSet();
        db.ComputedStatistics.RemoveRange(existing.Where(s => !wantedKeys.Contains((s.EditionId, s.CohortId, s.Year, s.ComponentId, s.RegionId))));
        foreach (var statistic in wanted)
        {
            if (!byKey.TryGetValue((statistic.EditionId, statistic.CohortId, statistic.Year, statistic.ComponentId, statistic.RegionId), out var row))
            {
                db.ComputedStatistics.Add(statistic);
                continue;
            }
            row.Count = statistic.Count;
            row.Mean = statistic.Mean;
            row.Median = statistic.Median;
            row.Min = statistic.Min;
            row.Max = statistic.Max;
        }
        await db.SaveChangesAsync(ct);
    }
}
