namespace IndexHub.Api.Domain.Results;

/// <summary>One component value of a cohort row, as derivations see it.</summary>
public sealed record CohortCell(int Id, int ComponentId, decimal? Score, ValueStatus Status);

/// <summary>One unit's result in a cohort's table for a year, as derivations see it.</summary>
public sealed record CohortRow(int Id, int UnitId, int? RegionId, decimal? Score, ValueStatus Status, IReadOnlyList<CohortCell> Components);

/// <summary>A statistic IndexHub computed: over the total (no component) or a component, the whole cohort (no region) or a region.</summary>
public sealed record CohortStatistic(int? ComponentId, int? RegionId, Summary Summary);

/// <summary>How much of a cohort's table is held, for one figure (the total or a component).</summary>
public sealed record CohortCoverage(int? CohortSize, int RowsHeld, int ScoresHeld, int Settled)
{
    /// <summary>Every unit of the cohort is held and its figure is settled (a score, or a statement that none exists).</summary>
    public bool Complete => CohortSize is int size && RowsHeld == size && Settled == size;

    /// <summary>Why nothing is computed, in words a reader can act on ("scores held 5 of 63"); null when complete.</summary>
    public string? WhyIncomplete
    {
        get
        {
            if (Complete)
            {
                return null;
            }
            if (CohortSize is not int size)
            {
                return "the publisher does not state how many units the cohort ranks";
            }
            var parts = new List<string>();
            if (RowsHeld < size)
            {
                parts.Add($"{size - RowsHeld} units not held");
            }
            if (RowsHeld > Settled)
            {
                parts.Add($"{RowsHeld - Settled} rows without their score");
            }
            return $"scores held {ScoresHeld} of {size}" + (parts.Count > 0 ? $" ({string.Join("; ", parts)})" : "");
        }
    }
}

/// <summary>What follows from a cohort's table: computed ranks and statistics, each only over complete data.</summary>
public sealed record CohortDerived(
    IReadOnlyDictionary<int, int> Ranks,
    IReadOnlyDictionary<int, int> ComponentRanks,
    IReadOnlyList<CohortStatistic> Statistics,
    CohortCoverage Total,
    IReadOnlyDictionary<int, CohortCoverage> ComponentCoverage);

/// <summary>
/// Computed ranks (competition ranking) and statistics (mean, median, min, max) exist only where every unit of the
/// cohort, or of the region, has the figure settled: for the total and for each component separately. A mean of five
/// provinces is never a national mean.
/// </summary>
public static class CohortDerivation
{
    /// <param name="rows">The cohort's rows for one edition and year.</param>
    /// <param name="cohortSize">How many units the cohort ranks; null where not published (then nothing is computed).</param>
    /// <param name="regionSizes">How many of the cohort's units lie in each region.</param>
    /// <param name="higherIsBetter">The index's direction.</param>
    public static CohortDerived Derive(IReadOnlyList<CohortRow> rows, int? cohortSize, IReadOnlyDictionary<int, int> regionSizes, bool higherIsBetter)
    {
        var total = Coverage(rows.Select(r => (r.Score, r.Status)), rows.Count, cohortSize);
        var ranks = total.Complete
            ? Ranking.Competition(rows.Where(r => r.Score is not null).Select(r => (r.Id, r.Score!.Value)), higherIsBetter)
            : new Dictionary<int, int>();
        var statistics = new List<CohortStatistic>();
        if (total.Complete && Summary.Of(rows.Where(r => r.Score is not null).Select(r => r.Score!.Value)) is { } all)
        {
            statistics.Add(new CohortStatistic(null, null, all));
        }

        var componentRanks = new Dictionary<int, int>();
        var componentCoverage = new Dictionary<int, CohortCoverage>();
        foreach (var componentId in rows.SelectMany(r => r.Components).Select(c => c.ComponentId).Distinct().Order())
        {
            // A unit whose whole result is stated not to exist has none of its components either.
            var figures = rows.Select(r => r.Components.FirstOrDefault(c => c.ComponentId == componentId) is { } cell
                ? (cell.Score, cell.Status)
                : r.Score is null && r.Status != ValueStatus.NotInSource ? ((decimal?)null, r.Status) : ((decimal?)null, ValueStatus.NotInSource));
            var coverage = Coverage(figures, rows.Count, cohortSize);
            componentCoverage[componentId] = coverage;
            if (!coverage.Complete)
            {
                continue;
            }
            var cells = rows.SelectMany(r => r.Components).Where(c => c.ComponentId == componentId && c.Score is not null).ToList();
            foreach (var (id, rank) in Ranking.Competition(cells.Select(c => (c.Id, c.Score!.Value)), higherIsBetter))
            {
                componentRanks[id] = rank;
            }
            if (Summary.Of(cells.Select(c => c.Score!.Value)) is { } summary)
            {
                statistics.Add(new CohortStatistic(componentId, null, summary));
            }
        }

        foreach (var region in rows.Where(r => r.RegionId is not null).GroupBy(r => r.RegionId!.Value).OrderBy(g => g.Key))
        {
            var size = regionSizes.GetValueOrDefault(region.Key);
            var coverage = Coverage(region.Select(r => (r.Score, r.Status)), region.Count(), size);
            if (coverage.Complete && Summary.Of(region.Where(r => r.Score is not null).Select(r => r.Score!.Value)) is { } summary)
            {
                statistics.Add(new CohortStatistic(null, region.Key, summary));
            }
        }
        return new CohortDerived(ranks, componentRanks, statistics, total, componentCoverage);
    }

    public static CohortCoverage Coverage(IEnumerable<(decimal? Score, ValueStatus Status)> figures, int rowsHeld, int? cohortSize)
    {
        var list = figures.ToList();
        return new CohortCoverage(cohortSize, rowsHeld, list.Count(f => f.Score is not null), list.Count(f => Completeness.Settled(f.Score, f.Status)));
    }
}
