using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using NpgsqlTypes;

namespace IndexHub.Api.Features.Writes;

/// <summary>What a result's derived columns should hold.</summary>
public sealed record DerivedFigures(
    int? ComputedRank, decimal? Percentile, int? PreviousResultId, decimal? ScoreChange, int? RankChange, bool? Comparable, string? ComparabilityNote);

/// <summary>
/// The one place results are written. Two implementations with the same effect: EF Core for everyday tables, and
/// binary COPY into staging tables merged set-based, for large tables on PostgreSQL (a million component values).
/// </summary>
public interface IResultStore
{
    /// <summary>
    /// Writes results as they should stand: each one's statements (one per source and metric) and the figures chosen
    /// from them. The EF Core store also removes statements a state no longer holds (the shipped data's own, when a
    /// release drops a row); imports never remove one, so the COPY store only inserts and updates.
    /// </summary>
    Task UpsertAsync(IReadOnlyList<ResultState> states, CancellationToken ct);

    /// <summary>Writes derived columns (ranks, percentiles, changes) of results and component values that changed.</summary>
    Task WriteDerivedAsync(IReadOnlyList<(int Id, DerivedFigures Figures)> results, IReadOnlyList<(int Id, int? Rank)> components, CancellationToken ct);

    /// <summary>Keeps the states that a revision replaced.</summary>
    Task AddHistoryAsync(IReadOnlyList<ResultHistory> rows, CancellationToken ct);
}

/// <summary>Chooses the store for a write: COPY from <c>Imports:BulkCopyFromRows</c> rows on, on PostgreSQL inside a transaction.</summary>
public sealed class ResultStores(IndexHubDbContext db, WriteSettings settings)
{
    public IResultStore For(int rows) =>
        db.Database.IsNpgsql() && db.Database.CurrentTransaction is not null && rows >= settings.BulkCopyFromRows
            ? new CopyResultStore(db)
            : new EfResultStore(db);
}

public sealed class EfResultStore(IndexHubDbContext db) : IResultStore
{
    public async Task UpsertAsync(IReadOnlyList<ResultState> states, CancellationToken ct)
    {
        foreach (var table in states.GroupBy(s => (s.Key.EditionId, s.Key.CohortId, s.Key.Year)))
        {
            var (editionId, cohortId, year) = table.Key;
            var unitIds = table.Select(s => s.Key.UnitId).ToList();
            var stored = await db.Results.AsTracking()
                .Include(r => r.Components)
                .Include(r => r.Observations).ThenInclude(o => o.Components)
                .AsSplitQuery()
                .Where(r => r.EditionId == editionId && r.CohortId == cohortId && r.Year == year && unitIds.Contains(r.UnitId))
                .ToDictionaryAsync(r => r.UnitId, ct);
            foreach (var state in table)
            {
                if (!stored.TryGetValue(state.Key.UnitId, out var result))
                {
                    result = new Result { EditionId = editionId, CohortId = cohortId, UnitId = state.Key.UnitId, Year = year };
                    db.Results.Add(result);
                }
                Apply(result, state);
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private static void Apply(Result result, ResultState state)
    {
        var chosen = state.Chosen;
        result.Score = chosen.Score;
        result.Status = chosen.Status;
        result.PublishedRank = chosen.PublishedRank;
        result.TierId = chosen.TierId;
        result.HasConflict = chosen.Conflict;
        result.Components.RemoveAll(c => !chosen.Components.ContainsKey(c.ComponentId));
        foreach (var (componentId, value) in chosen.Components)
        {
            var row = result.Components.FirstOrDefault(c => c.ComponentId == componentId);
            if (row is null)
            {
                result.Components.Add(row = new ResultComponent { ComponentId = componentId });
            }
            row.Score = value.Score;
            row.Status = value.Status;
            row.PublishedRank = value.PublishedRank;
        }
        result.Observations.RemoveAll(o => !state.Statements.Any(s => s.SourceId == o.SourceId && s.Metric == o.Metric));
        foreach (var (sourceId, metric, statement) in state.Statements)
        {
            var row = result.Observations.FirstOrDefault(o => o.SourceId == sourceId && o.Metric == metric);
            if (row is null)
            {
                result.Observations.Add(row = new ResultObservation { SourceId = sourceId, Metric = metric });
            }
            row.Score = statement.Score;
            row.Status = statement.Status;
            row.Rank = statement.Rank;
            row.RankBasis = statement.RankBasis;
            row.TierId = statement.TierId;
            row.Note = statement.Note;
            row.Quote = statement.Quote;
            row.Sequence = statement.Sequence;
            row.RankSequence = statement.RankSequence;
            row.TierSequence = statement.TierSequence;
            row.Components.RemoveAll(c => !statement.Components.ContainsKey(c.ComponentId));
            foreach (var (componentId, value) in statement.Components)
            {
                var cell = row.Components.FirstOrDefault(c => c.ComponentId == componentId);
                if (cell is null)
                {
                    row.Components.Add(cell = new ObservationComponent { ComponentId = componentId });
                }
                cell.Score = value.Score;
                cell.Status = value.Status;
                cell.Rank = value.Rank;
                cell.Sequence = value.Sequence;
            }
        }
    }

    public async Task WriteDerivedAsync(IReadOnlyList<(int Id, DerivedFigures Figures)> results, IReadOnlyList<(int Id, int? Rank)> components, CancellationToken ct)
    {
        foreach (var chunk in results.Chunk(1000))
        {
            var wanted = chunk.ToDictionary(c => c.Id, c => c.Figures);
            var ids = wanted.Keys.ToList();
            foreach (var row in await db.Results.AsTracking().Where(r => ids.Contains(r.Id)).ToListAsync(ct))
            {
                var derived = wanted[row.Id];
                row.ComputedRank = derived.ComputedRank;
                row.Percentile = derived.Percentile;
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
        await db.SaveChangesAsync(ct);
    }

    public async Task AddHistoryAsync(IReadOnlyList<ResultHistory> rows, CancellationToken ct)
    {
        db.ResultHistory.AddRange(rows);
        await db.SaveChangesAsync(ct);
    }
}

/// <summary>
/// PostgreSQL, inside the write's transaction: rows are copied (binary COPY) into temporary tables of the transaction
/// and merged with one INSERT ... ON CONFLICT per table; derived columns by COPY and one UPDATE.
/// </summary>
public sealed class CopyResultStore(IndexHubDbContext db) : IResultStore
{
    private Npgsql.NpgsqlConnection Connection => (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();

    public async Task UpsertAsync(IReadOnlyList<ResultState> states, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TEMPORARY TABLE stage_results (edition_id integer, cohort_id integer, year integer, unit_id integer, score numeric, status varchar(32),
                published_rank integer, tier_id integer, has_conflict boolean) ON COMMIT DROP;
            CREATE TEMPORARY TABLE stage_components (edition_id integer, cohort_id integer, year integer, unit_id integer, component_id integer,
                score numeric, status varchar(32), published_rank integer) ON COMMIT DROP;
            CREATE TEMPORARY TABLE stage_observations (edition_id integer, cohort_id integer, year integer, unit_id integer, source_id integer,
                metric varchar(64), score numeric, status varchar(32), rank integer, rank_basis varchar(32), tier_id integer, note text, quote text,
                sequence integer, rank_sequence integer, tier_sequence integer) ON COMMIT DROP;
            CREATE TEMPORARY TABLE stage_observation_components (edition_id integer, cohort_id integer, year integer, unit_id integer, source_id integer,
                metric varchar(64), component_id integer, score numeric, status varchar(32), rank integer, sequence integer) ON COMMIT DROP;
            """, ct);
        await using (var copy = await Connection.BeginBinaryImportAsync("COPY stage_results FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var state in states)
            {
                var k = state.Key;
                var c = state.Chosen;
                await copy.WriteRowAsync(ct, k.EditionId, k.CohortId, k.Year, k.UnitId, c.Score, c.Status.ToString(), c.PublishedRank, c.TierId, c.Conflict);
            }
            await copy.CompleteAsync(ct);
        }
        await using (var copy = await Connection.BeginBinaryImportAsync("COPY stage_components FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var state in states)
            {
                var k = state.Key;
                foreach (var (componentId, value) in state.Chosen.Components)
                {
                    await copy.WriteRowAsync(ct, k.EditionId, k.CohortId, k.Year, k.UnitId, componentId, value.Score, value.Status.ToString(), value.PublishedRank);
                }
            }
            await copy.CompleteAsync(ct);
        }
        await using (var copy = await Connection.BeginBinaryImportAsync("COPY stage_observations FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var state in states)
            {
                var k = state.Key;
                foreach (var (sourceId, metric, s) in state.Statements)
                {
                    await copy.WriteRowAsync(ct, k.EditionId, k.CohortId, k.Year, k.UnitId, sourceId, metric, s.Score, s.Status?.ToString(), s.Rank,
                        s.RankBasis?.ToString(), s.TierId, s.Note, s.Quote, s.Sequence, s.RankSequence, s.TierSequence);
                }
            }
            await copy.CompleteAsync(ct);
        }
        await using (var copy = await Connection.BeginBinaryImportAsync("COPY stage_observation_components FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var state in states)
            {
                var k = state.Key;
                foreach (var (sourceId, metric, s) in state.Statements)
                {
                    foreach (var (componentId, value) in s.Components)
                    {
                        await copy.WriteRowAsync(ct, k.EditionId, k.CohortId, k.Year, k.UnitId, sourceId, metric, componentId, value.Score, value.Status?.ToString(), value.Rank, value.Sequence);
                    }
                }
            }
            await copy.CompleteAsync(ct);
        }
        // A temporary table has no statistics until analysed: without them the merges below plan badly.
        await db.Database.ExecuteSqlRawAsync("""
            ANALYZE stage_results; ANALYZE stage_components; ANALYZE stage_observations; ANALYZE stage_observation_components;
            INSERT INTO results ("EditionId", "CohortId", "Year", "UnitId", "Score", "Status", "PublishedRank", "TierId", "HasConflict")
            SELECT edition_id, cohort_id, year, unit_id, score, status, published_rank, tier_id, has_conflict FROM stage_results
            ON CONFLICT ("EditionId", "CohortId", "Year", "UnitId") DO UPDATE
            SET "Score" = EXCLUDED."Score", "Status" = EXCLUDED."Status", "PublishedRank" = EXCLUDED."PublishedRank", "TierId" = EXCLUDED."TierId",
                "HasConflict" = EXCLUDED."HasConflict";
            INSERT INTO result_components ("ResultId", "ComponentId", "Score", "Status", "PublishedRank")
            SELECT r."Id", s.component_id, s.score, s.status, s.published_rank FROM stage_components s
            JOIN results r ON r."EditionId" = s.edition_id AND r."CohortId" = s.cohort_id AND r."Year" = s.year AND r."UnitId" = s.unit_id
            ON CONFLICT ("ResultId", "ComponentId") DO UPDATE
            SET "Score" = EXCLUDED."Score", "Status" = EXCLUDED."Status", "PublishedRank" = EXCLUDED."PublishedRank";
            INSERT INTO result_observations ("ResultId", "SourceId", "Metric", "Score", "Status", "Rank", "RankBasis", "TierId", "Note", "Quote", "Sequence", "RankSequence", "TierSequence")
            SELECT r."Id", s.source_id, s.metric, s.score, s.status, s.rank, s.rank_basis, s.tier_id, s.note, s.quote, s.sequence, s.rank_sequence, s.tier_sequence FROM stage_observations s
            JOIN results r ON r."EditionId" = s.edition_id AND r."CohortId" = s.cohort_id AND r."Year" = s.year AND r."UnitId" = s.unit_id
            ON CONFLICT ("ResultId", "SourceId", "Metric") DO UPDATE
            SET "Score" = EXCLUDED."Score", "Status" = EXCLUDED."Status", "Rank" = EXCLUDED."Rank", "RankBasis" = EXCLUDED."RankBasis",
                "TierId" = EXCLUDED."TierId", "Note" = EXCLUDED."Note", "Quote" = EXCLUDED."Quote", "Sequence" = EXCLUDED."Sequence",
                "RankSequence" = EXCLUDED."RankSequence", "TierSequence" = EXCLUDED."TierSequence";
            INSERT INTO observation_components ("ObservationId", "ComponentId", "Score", "Status", "Rank", "Sequence")
            SELECT o."Id", s.component_id, s.score, s.status, s.rank, s.sequence FROM stage_observation_components s
            JOIN results r ON r."EditionId" = s.edition_id AND r."CohortId" = s.cohort_id AND r."Year" = s.year AND r."UnitId" = s.unit_id
            JOIN result_observations o ON o."ResultId" = r."Id" AND o."SourceId" = s.source_id AND o."Metric" = s.metric
            ON CONFLICT ("ObservationId", "ComponentId") DO UPDATE
            SET "Score" = EXCLUDED."Score", "Status" = EXCLUDED."Status", "Rank" = EXCLUDED."Rank", "Sequence" = EXCLUDED."Sequence";
            """, ct);
    }

    public async Task WriteDerivedAsync(IReadOnlyList<(int Id, DerivedFigures Figures)> results, IReadOnlyList<(int Id, int? Rank)> components, CancellationToken ct)
    {
        await db.Database.ExecuteSqlRawAsync("""
            CREATE TEMPORARY TABLE derived_results (id integer, computed_rank integer, percentile numeric, previous_result_id integer,
                score_change numeric, rank_change integer, comparable boolean, comparability_note text) ON COMMIT DROP;
            CREATE TEMPORARY TABLE derived_components (id integer, computed_rank integer) ON COMMIT DROP;
            """, ct);
        await using (var copy = await Connection.BeginBinaryImportAsync("COPY derived_results FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (id, d) in results)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(id, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(d.ComputedRank, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(d.Percentile, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(d.PreviousResultId, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(d.ScoreChange, NpgsqlDbType.Numeric, ct);
                await copy.WriteAsync(d.RankChange, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(d.Comparable, NpgsqlDbType.Boolean, ct);
                await copy.WriteAsync(d.ComparabilityNote, NpgsqlDbType.Text, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await using (var copy = await Connection.BeginBinaryImportAsync("COPY derived_components FROM STDIN (FORMAT BINARY)", ct))
        {
            foreach (var (id, rank) in components)
            {
                await copy.StartRowAsync(ct);
                await copy.WriteAsync(id, NpgsqlDbType.Integer, ct);
                await copy.WriteAsync(rank, NpgsqlDbType.Integer, ct);
            }
            await copy.CompleteAsync(ct);
        }
        await db.Database.ExecuteSqlRawAsync("""
            ANALYZE derived_results; ANALYZE derived_components;
            UPDATE results r SET "ComputedRank" = d.computed_rank, "Percentile" = d.percentile,
                "PreviousResultId" = d.previous_result_id, "ScoreChange" = d.score_change, "RankChange" = d.rank_change,
                "Comparable" = d.comparable, "ComparabilityNote" = d.comparability_note
            FROM derived_results d WHERE r."Id" = d.id;
            UPDATE result_components c SET "ComputedRank" = d.computed_rank FROM derived_components d WHERE c."Id" = d.id;
            """, ct);
    }

    public async Task AddHistoryAsync(IReadOnlyList<ResultHistory> rows, CancellationToken ct)
    {
        await using var copy = await Connection.BeginBinaryImportAsync("""
            COPY result_history ("EditionId", "CohortId", "UnitId", "Year", "ValidFromRevisionId", "ValidToRevisionId", "ValidTo", "State") FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var row in rows)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(row.EditionId, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(row.CohortId, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(row.UnitId, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(row.Year, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(row.ValidFromRevisionId, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(row.ValidToRevisionId, NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(row.ValidTo, NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(row.State, NpgsqlDbType.Text, ct);
        }
        await copy.CompleteAsync(ct);
    }
}
