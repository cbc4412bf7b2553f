using IndexHub.Api.Domain.Results;
using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace IndexHub.Api.Persistence.Loading;

/// <summary>
/// Computes and stores what follows from the results: competition ranks and statistics over
/// complete cohorts only, percentiles, changes on the previous year (flagged where the edition or
/// cohort changed) and source conflicts. Stored, so that reads are cheap and no engine ever has
/// to compare or sum decimals. Deterministic: recomputing unchanged data changes nothing.
/// </summary>
/// <remarks>
/// The figures are read untracked, derived in memory by the domain's rules, and only what changed is written:
/// on PostgreSQL inside a transaction, from <c>Imports:BulkCopyFromRows</c> (500) changed rows on, by binary COPY
/// into a staging table and one UPDATE; otherwise through EF Core. (Tracking a million component values to
/// change their ranks took 83 s of a 1,000,000-value import.)
/// </remarks>
public sealed class ResultDerivations(IndexHubDbContext db, IConfiguration configuration, ILogger<ResultDerivations> logger)
{
    private sealed record ResultRow(
        int Id, int IndexId, int EditionId, int CohortId, int UnitId, int Year, decimal? Score, int? PublishedRank,
        int? ComputedRank, decimal? Percentile, bool HasConflict, int? PreviousResultId, decimal? ScoreChange, int? RankChange,
        bool? Comparable, string? ComparabilityNote);

    private sealed record ComponentRow(int Id, int ResultId, int ComponentId, decimal? Score, int? ComputedRank);

    /// <summary>What a result's derived columns should hold.</summary>
    private sealed record Derived(
        int? ComputedRank, decimal? Percentile, bool HasConflict, int? PreviousResultId, decimal? ScoreChange, int? RankChange,
        bool? Comparable, string? ComparabilityNote);

    /// <param name="indexId">Only this index's results (a write touches one index); null for all.</param>
    /// <param name="ct">Cancellation.</param>
    /// <param name="year">
    /// The year a write changed: only that year's ranks and statistics and the changes of that year and the next
    /// follow from it (the year before is read, for the changes, not rewritten). Null: every year.
    /// </param>
    /// <returns>How many results and component values had a derived column changed.</returns>
    public async Task<int> RecomputeAsync(int? indexId, CancellationToken ct, int? year = null)
    {
        bool Updated(int y) => year is null || y == year || y == year + 1;
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var scope = db.Results.AsNoTracking()
            .Where(r => indexId == null || r.Edition.IndexId == indexId)
            .Where(r => year == null || (r.Year >= year - 1 && r.Year <= year + 1));
        var updatedScope = scope.Where(r => year == null || r.Year >= year);
        var results = await scope
            .Select(r => new ResultRow(r.Id, r.Edition.IndexId, r.EditionId, r.CohortId, r.UnitId, r.Year, r.Score, r.PublishedRank,
                r.ComputedRank, r.Percentile, r.HasConflict, r.PreviousResultId, r.ScoreChange, r.RankChange, r.Comparable, r.ComparabilityNote))
            .ToListAsync(ct);
        var components = (await updatedScope.SelectMany(r => r.Components)
                .Select(c => new ComponentRow(c.Id, c.ResultId, c.ComponentId, c.Score, c.ComputedRank))
                .ToListAsync(ct))
            .ToLookup(c => c.ResultId);
        var observations = (await updatedScope.SelectMany(r => r.Observations)
                .Select(o => new { o.ResultId, o.Score, o.Rank })
                .ToListAsync(ct))
            .ToLookup(o => o.ResultId, o => (o.Score, o.Rank));
        var higherIsBetter = await db.Indices.AsNoTracking().ToDictionaryAsync(i => i.Id, i => i.HigherIsBetter, ct);
        var editionCodes = await db.IndexEditions.AsNoTracking().ToDictionaryAsync(e => e.Id, e => e.Code, ct);
        var cohorts = await db.Cohorts.AsNoTracking().ToDictionaryAsync(c => c.Id, c => new { c.Code, c.Size }, ct);
        var unitIds = results.Select(r => r.UnitId).Distinct().ToList();
        var regions = await db.Units.AsNoTracking().Where(u => unitIds.Contains(u.Id)).ToDictionaryAsync(u => u.Id, u => u.RegionId, ct);

        var readMs = clock.ElapsedMilliseconds;
        var rank = new Dictionary<int, int?>();
        var percentile = new Dictionary<int, decimal?>();
        var conflict = new Dictionary<int, bool>();
        var componentRanks = new Dictionary<int, int?>();
        var statistics = new List<ComputedStatistic>();
        foreach (var group in results.Where(r => Updated(r.Year)).GroupBy(r => (r.EditionId, r.CohortId, r.Year)))
        {
            var rows = group.ToList();
            var size = cohorts[group.Key.CohortId].Size;
            var better = higherIsBetter[rows[0].IndexId];
            // Ranks and statistics are only computed over a whole cohort; a partial table keeps its published ranks.
            var complete = size is int n && rows.Count == n;
            var ranks = complete
                ? Ranking.Competition(rows.Where(r => r.Score is not null).Select(r => (r.Id, r.Score!.Value)), better)
                : new Dictionary<int, int>();
            foreach (var row in rows)
            {
                rank[row.Id] = ranks.TryGetValue(row.Id, out var r) ? r : null;
                percentile[row.Id] = Ranking.Percentile(row.PublishedRank ?? rank[row.Id], size);
                conflict[row.Id] = HasConflict(observations[row.Id]);
            }
            var values = rows.SelectMany(r => components[r.Id]).ToList();
            foreach (var component in values.GroupBy(c => c.ComponentId))
            {
                var ranked = complete
                    ? Ranking.Competition(component.Where(c => c.Score is not null).Select(c => (c.Id, c.Score!.Value)), better)
                    : new Dictionary<int, int>();
                foreach (var value in component)
                {
                    componentRanks[value.Id] = ranked.TryGetValue(value.Id, out var r) ? r : null;
                }
            }
            if (complete)
            {
                statistics.AddRange(Summarise(rows, values, regions, group.Key));
            }
        }

        int? RankOf(ResultRow row) => row.PublishedRank ?? (rank.TryGetValue(row.Id, out var r) ? r : row.ComputedRank);
        var byUnitYear = results.ToLookup(r => (r.IndexId, r.UnitId, r.Year));
        var changedResults = new List<(int Id, Derived Derived)>();
        foreach (var result in results.Where(r => Updated(r.Year)))
        {
            var previous = byUnitYear[(result.IndexId, result.UnitId, result.Year - 1)]
                .OrderByDescending(p => p.EditionId == result.EditionId)
                .ThenByDescending(p => p.CohortId == result.CohortId)
                .FirstOrDefault();
            var (comparable, note) = previous is null
                ? ((bool?)null, (string?)null)
                : Comparability.Check(editionCodes[previous.EditionId], editionCodes[result.EditionId], cohorts[previous.CohortId].Code, cohorts[result.CohortId].Code);
            var derived = new Derived(
                rank[result.Id], percentile[result.Id], conflict[result.Id], previous?.Id,
                previous is null ? null : result.Score - previous.Score,
                previous is null ? null : RankOf(previous) - RankOf(result),
                comparable, note);
            var stored = new Derived(result.ComputedRank, result.Percentile, result.HasConflict, result.PreviousResultId, result.ScoreChange,
                result.RankChange, result.Comparable, result.ComparabilityNote);
            if (derived != stored)
            {
                changedResults.Add((result.Id, derived));
            }
        }
        var storedComponentRanks = components.SelectMany(g => g).ToDictionary(c => c.Id, c => c.ComputedRank);
        var changedComponents = componentRanks.Where(c => storedComponentRanks[c.Key] != c.Value).Select(c => (Id: c.Key, Rank: c.Value)).ToList();

        var deriveMs = clock.ElapsedMilliseconds;
        var bulk = db.Database.IsNpgsql() && db.Database.CurrentTransaction is not null
            && changedResults.Count + changedComponents.Count >= configuration.GetValue("Imports:BulkCopyFromRows", 500);
        if (bulk)
        {
            await BulkUpdateAsync(changedResults, changedComponents, ct);
        }
        else
        {
            await TrackedUpdateAsync(changedResults, changedComponents, ct);
        }
        var writeMs = clock.ElapsedMilliseconds;
        await SyncStatisticsAsync(statistics, indexId, year, ct);
        logger.LogInformation(
            "Derived {Results} results and {Components} component values: read {Read} ms, derive {Derive} ms, write {Changed} changed ({Path}) {Write} ms, statistics {Statistics} ms",
            results.Count, storedComponentRanks.Count, readMs, deriveMs - readMs, changedResults.Count + changedComponents.Count, bulk ? "COPY" : "EF Core",
            writeMs - deriveMs, clock.ElapsedMilliseconds - writeMs);
        return changedResults.Count + changedComponents.Count;
    }

    private async Task TrackedUpdateAsync(List<(int Id, Derived Derived)> results, List<(int Id, int? Rank)> components, CancellationToken ct)
    {
        foreach (var chunk in results.Chunk(1000))
        {
            var wanted = chunk.ToDictionary(c => c.Id, c => c.Derived);
            var ids = wanted.Keys.ToList();
            foreach (var row in await db.Results.AsTracking().Where(r => ids.Contains(r.Id)).ToListAsync(ct))
            {
                var derived = wanted[row.Id];
                row.ComputedRank = derived.ComputedRank;
                row.Percentile = derived.Percentile;
                row.HasConflict = derived.HasConflict;
                row.PreviousResultId = derived.PreviousResultId;
                row.ScoreChange = derived.ScoreChange;
                row.RankChange = derived.RankChange;
                row.Comparable = derived.Comparable;
                row.ComparabilityNote = derived.ComparabilityNote;
            }
        }
        foreach (var chunk in components.Chunk(1000))
        {
            var wanted = chunk.ToDictionary(c => c.Id, c => c.Rank);
            var ids = wanted.Keys.ToList();
            foreach (var value in await db.ResultComponents.AsTracking().Where(c => ids.Contains(c.Id)).ToListAsync(ct))
            {
                value.ComputedRank = wanted[value.Id];
            }
        }
    }

    /// <summary>PostgreSQL, inside the write's transaction: the changed columns by binary COPY into staging tables, then one UPDATE each.</summary>
    private async Task BulkUpdateAsync(List<(int Id, Derived Derived)> results, List<(int Id, int? Rank)> components, CancellationToken ct)
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TEMPORARY TABLE derived_results (id integer, computed_rank integer, percentile numeric, has_conflict boolean, previous_result_id integer,
                score_change numeric, rank_change integer, comparable boolean, comparability_note text) ON COMMIT DROP;
            CREATE TEMPORARY TABLE derived_components (id integer, computed_rank integer) ON COMMIT DROP;
            """, ct);
        await using (var copy = await connection.BeginBinaryImportAsync("COPY derived_results FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (id, d) in results)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(id, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(d.ComputedRank, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(d.Percentile, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(d.HasConflict, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(d.PreviousResultId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(d.ScoreChange, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(d.RankChange, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(d.Comparable, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(d.ComparabilityNote, NpgsqlDbType.Text, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await using (var copy = await connection.BeginBinaryImportAsync("COPY derived_components FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (id, rank) in components)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(id, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(rank, NpgsqlDbType.Integer, ct);
            }
            await copy.CompleteAsync(ct);
        }
        var copied = clock.ElapsedMilliseconds;
        await db.Database.ExecuteSqlRawAsync("""
            ANALYZE derived_results; ANALYZE derived_components;
            UPDATE results r SET "ComputedRank" = d.computed_rank, "Percentile" = d.percentile, "HasConflict" = d.has_conflict,
                "PreviousResultId" = d.previous_result_id, "ScoreChange" = d.score_change, "RankChange" = d.rank_change,
                "Comparable" = d.comparable, "ComparabilityNote" = d.comparability_note
            FROM derived_results d WHERE r."Id" = d.id;
            """, ct);
        var resultsUpdated = clock.ElapsedMilliseconds;
        await db.Database.ExecuteSqlRawAsync("""
            UPDATE result_components c SET "ComputedRank" = d.computed_rank FROM derived_components d WHERE c."Id" = d.id;
            """, ct);
        logger.LogInformation("Derived columns written: COPY {Copy} ms, results {Results} ms, components {Components} ms",
            copied, resultsUpdated - copied, clock.ElapsedMilliseconds - resultsUpdated);
    }

    private static IEnumerable<ComputedStatistic> Summarise(
        List<ResultRow> rows, List<ComponentRow> components, Dictionary<int, int?> regions, (int EditionId, int CohortId, int Year) key)
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
        all.AddRange(components.Where(c => c.Score is not null)
            .GroupBy(c => c.ComponentId)
            .Select(g => Make(g.Select(c => c.Score!.Value), g.Key, null)));
        all.AddRange(scored.Where(r => regions[r.UnitId] is not null)
            .GroupBy(r => regions[r.UnitId])
            .Select(g => Make(g.Select(r => r.Score!.Value), null, g.Key)));
        return all.OfType<ComputedStatistic>();
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
    }

    /// <summary>Sources disagree when two of them give scores that differ at their common precision, or different ranks.</summary>
    private static bool HasConflict(IEnumerable<(decimal? Score, int? Rank)> observations)
    {
        var list = observations.ToList();
        var scores = list.Where(o => o.Score is not null).Select(o => o.Score!.Value).ToList();
        var ranks = list.Where(o => o.Rank is not null).Select(o => o.Rank!.Value).Distinct().Count();
        return ranks > 1 || scores.Any(a => scores.Any(b => !Agreement.Agree(a, b)));
    }
}
