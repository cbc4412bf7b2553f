using IndexHub.Api.Domain.Results;
using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Persistence.Loading;

/// <summary>
/// Computes and stores what follows from the results: competition ranks and statistics over
/// complete cohorts only, percentiles, changes on the previous year (flagged where the edition or
/// cohort changed) and source conflicts. Stored, so that reads are cheap and no engine ever has
/// to compare or sum decimals. Deterministic: recomputing unchanged data changes nothing.
/// </summary>
public sealed class ResultDerivations(IndexHubDbContext db)
{
    /// <param name="indexId">Only this index's results (a write touches one index); null for all.</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="year">
    /// The year a write changed: only that year's ranks and statistics and the changes of that year and the next
    /// follow from it (the year before is read, for the changes, not rewritten). Null: every year.
    /// </param>
    public async Task RecomputeAsync(int? indexId, CancellationToken ct, int? year = null)
    {
        bool Updated(int y) => year is null || y == year || y == year + 1;
        var results = await db.Results
            .Where(r => indexId == null || r.Edition.IndexId == indexId)
            .Where(r => year == null || (r.Year >= year - 1 && r.Year <= year + 1))
            .Include(r => r.Components)
            .Include(r => r.Observations)
            .Include(r => r.Edition)
            .Include(r => r.Cohort)
            .Include(r => r.Unit)
            .AsSplitQuery()
            .ToListAsync(ct);
        var higherIsBetter = await db.Indices.ToDictionaryAsync(i => i.Id, i => i.HigherIsBetter, ct);
        var statistics = new List<ComputedStatistic>();

        foreach (var group in results.Where(r => Updated(r.Year)).GroupBy(r => (r.EditionId, r.CohortId, r.Year)))
        {
            var rows = group.ToList();
            var cohort = rows[0].Cohort;
            var better = higherIsBetter[rows[0].Edition.IndexId];
            // Ranks and statistics are only computed over a whole cohort; a partial table keeps its published ranks.
            var complete = cohort.Size is int size && rows.Count == size;
            var ranks = complete
                ? Ranking.Competition(rows.Where(r => r.Score is not null).Select(r => (r.Id, r.Score!.Value)), better)
                : new Dictionary<int, int>();
            foreach (var row in rows)
            {
                row.ComputedRank = ranks.TryGetValue(row.Id, out var rank) ? rank : null;
                row.Percentile = Ranking.Percentile(row.PublishedRank ?? row.ComputedRank, cohort.Size);
                row.HasConflict = HasConflict(row.Observations);
            }
            foreach (var component in rows.SelectMany(r => r.Components).GroupBy(c => c.ComponentId))
            {
                var componentRanks = complete
                    ? Ranking.Competition(component.Where(c => c.Score is not null).Select(c => (c.Id, c.Score!.Value)), better)
                    : new Dictionary<int, int>();
                foreach (var value in component)
                {
                    value.ComputedRank = componentRanks.TryGetValue(value.Id, out var rank) ? rank : null;
                }
            }
            if (complete)
            {
                statistics.AddRange(Summarise(rows, group.Key));
            }
        }

        var byUnitYear = results.ToLookup(r => (r.Edition.IndexId, r.UnitId, r.Year));
        foreach (var result in results.Where(r => Updated(r.Year)))
        {
            var previous = byUnitYear[(result.Edition.IndexId, result.UnitId, result.Year - 1)]
                .OrderByDescending(p => p.EditionId == result.EditionId)
                .ThenByDescending(p => p.CohortId == result.CohortId)
                .FirstOrDefault();
            result.PreviousResult = previous;
            if (previous is null)
            {
                result.ScoreChange = null;
                result.RankChange = null;
                result.Comparable = null;
                result.ComparabilityNote = null;
                continue;
            }
            var rank = result.PublishedRank ?? result.ComputedRank;
            var previousRank = previous.PublishedRank ?? previous.ComputedRank;
            result.ScoreChange = result.Score - previous.Score;
            result.RankChange = previousRank - rank;
            (result.Comparable, result.ComparabilityNote) = Comparability.Check(previous.Edition.Code, result.Edition.Code, previous.Cohort.Code, result.Cohort.Code);
        }

        await SyncStatisticsAsync(statistics, indexId, year, ct);
    }

    private static IEnumerable<ComputedStatistic> Summarise(List<Result> rows, (int EditionId, int CohortId, int Year) key)
    {
        ComputedStatistic? Make(IEnumerable<decimal> values, int? componentId, int? regionId) =>
            Summary.Of(values) is { } s
                ? new ComputedStatistic
                {
                    EditionId = key.EditionId, CohortId = key.CohortId, Year = key.Year, ComponentId = componentId, RegionId = regionId,
                    Count = s.Count, Mean = s.Mean, Median = s.Median, Min = s.Min, Max = s.Max,
                }
                : null;

        var scored = rows.Where(r => r.Score is not null).ToList();
        var all = new List<ComputedStatistic?> { Make(scored.Select(r => r.Score!.Value), null, null) };
        all.AddRange(rows.SelectMany(r => r.Components).Where(c => c.Score is not null)
            .GroupBy(c => c.ComponentId)
            .Select(g => Make(g.Select(c => c.Score!.Value), g.Key, null)));
        all.AddRange(scored.Where(r => r.Unit.RegionId is not null)
            .GroupBy(r => r.Unit.RegionId)
            .Select(g => Make(g.Select(r => r.Score!.Value), null, g.Key)));
        return all.OfType<ComputedStatistic>();
    }

    private async Task SyncStatisticsAsync(List<ComputedStatistic> wanted, int? indexId, int? year, CancellationToken ct)
    {
        var existing = await db.ComputedStatistics
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
    }

    /// <summary>Sources disagree when two of them give scores that differ at their common precision, or different ranks.</summary>
    private static bool HasConflict(List<ResultObservation> observations)
    {
        var scores = observations.Where(o => o.Score is not null).Select(o => o.Score!.Value).ToList();
        var ranks = observations.Where(o => o.Rank is not null).Select(o => o.Rank!.Value).Distinct().Count();
        return ranks > 1 || scores.Any(a => scores.Any(b => !Agreement.Agree(a, b)));
    }
}
