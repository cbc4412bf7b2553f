using System.Text.Json;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Writes;

/// <summary>What a write did, or (dry run) would do. The counts are the revision's own.</summary>
public sealed record WriteOutcome(
    IReadOnlySet<ResultKey> Added, IReadOnlySet<ResultKey> Changed, IReadOnlySet<ResultKey> Recomputed, int Deleted, int Statistics,
    int? Revision, long? DataVersion = null);

/// <summary>What a write's change is given: the catalogue as the write sees it, and the sequence its statements carry.</summary>
public sealed class WriteContext(ReferenceCatalogue catalogue, int sequence)
{
    public ReferenceCatalogue Catalogue { get; } = catalogue;

    /// <summary>
    /// The data version this write makes: the statements it writes carry it, so that among sources of one kind the latest
    /// statement of a figure leads. (Writes of one result take turns under its index and year's lock, so it only grows.)
    /// </summary>
    public int Sequence { get; } = sequence;

    /// <summary>Published statistics the write added or replaced, for the revision.</summary>
    public List<object> StatisticChanges { get; } = [];

    /// <summary>Ids of the published statistics the write added, and of those it replaced: marked with the revision once it exists.</summary>
    public List<int> StatisticsAdded { get; } = [];

    public List<int> StatisticsReplaced { get; } = [];
}

/// <summary>A unit's figures before and after a revision.</summary>
public sealed record ResultChange(string Unit, string Name, int Year, string Cohort, ResultRead? Before, ResultRead? After);

/// <summary>
/// One write, whole or not at all: under a lock per index and year, in one transaction, it applies a change, derives
/// ranks, changes and statistics, keeps every replaced row in the history, records a revision and an audit entry, bumps
/// the data version and commits; or, on a dry run, when nothing changed, or on an error, leaves everything as it was.
/// </summary>
public sealed class WriteTransaction(
    IndexHubDbContext db, Derivations derivations, ResultStores stores, TimeProvider clock,
    Microsoft.AspNetCore.OutputCaching.IOutputCacheStore cache, DataVersionState dataVersion, FaultOptions faults,
    WriteSettings settings, ILogger<WriteTransaction> logger)
{
    private static readonly SemaphoreSlim SqliteWriteLock = new(1, 1);
    private static readonly JsonSerializerOptions Json = StoredJson.Options;

    public async Task<WriteOutcome> RunAsync(
        int indexId, int year, string operation, Author author, bool dryRun, SourceSpec? source, string target,
        Func<WriteContext, CancellationToken, Task> change, CancellationToken ct)
    {
        var sqlite = !db.Database.IsNpgsql();
        if (sqlite)
        {
            // SQLite is one file in one process: writers take turns here rather than fail on a busy database.
            await SqliteWriteLock.WaitAsync(ct);
        }
        try
        {
            db.Database.SetCommandTimeout(TimeSpan.FromSeconds(settings.WriteCommandTimeoutSeconds));
            // Retries on a transient failure replay the whole unit, change included: it reads afresh each time.
            var strategy = db.Database.CreateExecutionStrategy();
            var outcome = await strategy.ExecuteAsync(ct, ct => RunOnceAsync(indexId, year, operation, author, dryRun, source, target, change, sqlite, ct));
            if (outcome.DataVersion is { } version)
            {
                // Cached answers no longer hold: this replica moves to the new version now, the others within a poll.
                dataVersion.Observe(version);
                await cache.EvictByTagAsync(OutputCaching.DataTag, CancellationToken.None);
            }
            return outcome;
        }
        finally
        {
            db.ChangeTracker.Clear();
            if (sqlite)
            {
                SqliteWriteLock.Release();
            }
        }
    }

    private async Task<WriteOutcome> RunOnceAsync(
        int indexId, int year, string operation, Author author, bool dryRun, SourceSpec? source, string target,
        Func<WriteContext, CancellationToken, Task> change, bool sqlite, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.TrackAll;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        if (!sqlite)
        {
            // Writers of the same index and year queue here; each then reads what the one before committed.
            await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({indexId}, {year})", ct);
        }
        var phases = System.Diagnostics.Stopwatch.StartNew();
        var catalogue = await ReferenceCatalogue.LoadAsync(db, ct);
        var before = await SnapshotAsync(catalogue, indexId, year, ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var context = new WriteContext(catalogue, (int)Math.Min(int.MaxValue, await db.ReadDataVersionAsync(ct) + 1));
        var snapshotMs = phases.ElapsedMilliseconds;
        await change(context, ct);
        await db.SaveChangesAsync(ct);
        // What follows reads and writes the tables directly; entities tracked by the change would be stale.
        db.ChangeTracker.Clear();
        var changeMs = phases.ElapsedMilliseconds;
        await derivations.RecomputeAsync(catalogue, indexId, year, ct);
        var recomputeMs = phases.ElapsedMilliseconds;
        // Read again: the change may have added sources the first catalogue does not name.
        var after = await SnapshotAsync(await ReferenceCatalogue.LoadAsync(db, ct), indexId, year, ct);
        var afterMs = phases.ElapsedMilliseconds;

        var added = after.Keys.Except(before.Keys).ToHashSet();
        var deleted = before.Keys.Except(after.Keys).ToList();
        var kept = after.Keys.Intersect(before.Keys).ToList();
        var changed = kept.Where(k => Stated(before[k]) != Stated(after[k])).ToHashSet();
        var recomputed = kept.Where(k => !changed.Contains(k) && Whole(before[k]) != Whole(after[k])).ToHashSet();
        var outcome = new WriteOutcome(added, changed, recomputed, deleted.Count, context.StatisticChanges.Count, null);

        if (dryRun || added.Count + changed.Count + recomputed.Count + deleted.Count + context.StatisticChanges.Count == 0)
        {
            await transaction.RollbackAsync(ct);
            db.ChangeTracker.Clear();
            if (!dryRun)
            {
                db.Record(author, clock, operation, target, null, new { Message = "unchanged: nothing was written" });
                await db.SaveChangesAsync(ct);
            }
            return outcome;
        }

        var changes = added.Select(k => Change(k, null, after[k]))
            .Concat(changed.Concat(recomputed).Select(k => Change(k, before[k], after[k])))
            .Concat(deleted.Select(k => Change(k, before[k], null)))
            .ToList();
        // Made only when something changed, so that revision numbers have no gaps.
        var revision = new Revision
        {
            IndexId = indexId, Year = year, CreatedAt = now, Operation = operation, Actor = author.Name, ApiKeyId = author.KeyId, RequestId = author.RequestId,
            SourceId = source is null ? null : await db.Sources.AsNoTracking().Where(s => s.Key == source.Key).Select(s => (int?)s.Id).SingleOrDefaultAsync(ct),
            Added = added.Count, Changed = changed.Count, Recomputed = recomputed.Count, Deleted = deleted.Count, StatisticsChanged = context.StatisticChanges.Count,
            Changes = JsonSerializer.Serialize(new
            {
                Results = changes.Select(c => new { c.Unit, c.Name, c.Year, c.Cohort, Before = Figures(c.Before), After = Figures(c.After) }),
                Statistics = context.StatisticChanges,
            }, Json),
        };
        db.Revisions.Add(revision);
        await db.SaveChangesAsync(ct);
        await db.PublishedStatistics.Where(s => context.StatisticsAdded.Contains(s.Id)).ExecuteUpdateAsync(set => set.SetProperty(s => s.CreatedRevisionId, revision.Id), ct);
        await db.PublishedStatistics.Where(s => context.StatisticsReplaced.Contains(s.Id)).ExecuteUpdateAsync(set => set.SetProperty(s => s.ReplacedRevisionId, revision.Id), ct);

        var history = changed.Concat(recomputed).Concat(deleted).Select(key =>
        {
            var old = before[key];
            return new ResultHistory
            {
                EditionId = key.EditionId, CohortId = key.CohortId, UnitId = key.UnitId, Year = key.Year,
                ValidFromRevisionId = old.LastRevisionId, ValidToRevisionId = revision.Id, ValidTo = now,
                State = JsonSerializer.Serialize(old, Json),
            };
        }).ToList();
        if (history.Count > 0)
        {
            await stores.For(history.Count).AddHistoryAsync(history, ct);
        }
        var addedIds = added.Select(k => after[k].Id).ToList();
        var touchedIds = changed.Concat(recomputed).Select(k => after[k].Id).ToList();
        await db.Results.Where(r => addedIds.Contains(r.Id))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.LastRevisionId, revision.Id).SetProperty(r => r.CreatedRevisionId, revision.Id), ct);
        await db.Results.Where(r => touchedIds.Contains(r.Id))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.LastRevisionId, revision.Id), ct);
        db.Record(author, clock, operation, target,
            changes.Where(c => c.Before is not null).Select(c => new { c.Unit, c.Year, c.Cohort, Figures = Figures(c.Before) }),
            new
            {
                Results = changes.Where(c => c.After is not null).Select(c => new { c.Unit, c.Year, c.Cohort, Figures = Figures(c.After) }),
                Statistics = context.StatisticChanges,
            },
            revision.Id);
        await db.SaveChangesAsync(ct);
        // Fault injection for the crash test: a pause with the whole write done but not committed.
        if (faults.PauseBeforeCommitMilliseconds is > 0 and var pause)
        {
            await Console.Out.WriteLineAsync("indexhub: write applied, pausing before commit");
            await Task.Delay(pause, ct);
        }
        var version = await db.BumpDataVersionAsync(now, ct);
        await transaction.CommitAsync(ct);
        logger.LogInformation(
            "Write {Operation} of index {IndexId} {Year}: snapshot {Snapshot} ms, change {Change} ms, derive {Derive} ms, second snapshot {After} ms, revision and history {Revision} ms",
            operation, indexId, year, snapshotMs, changeMs - snapshotMs, recomputeMs - changeMs, afterMs - recomputeMs, phases.ElapsedMilliseconds - afterMs);
        return outcome with { Revision = revision.Id, DataVersion = version };
    }

    /// <summary>The year written and the next (whose changes on the previous year follow from it).</summary>
    private async Task<Dictionary<ResultKey, ResultRead>> SnapshotAsync(ReferenceCatalogue catalogue, int indexId, int year, CancellationToken ct)
    {
        var rows = await db.ReadResultsAsync(catalogue, r => r.Edition.IndexId == indexId && (r.Year == year || r.Year == year + 1), ct);
        return rows.ToDictionary(r => new ResultKey(r.EditionId, r.CohortId, r.UnitId, r.Year));
    }

    /// <summary>A row's content without the bookkeeping of which revision made it.</summary>
    private static string Whole(ResultRead row) => JsonSerializer.Serialize(row with { LastRevisionId = null, CreatedRevisionId = null }, Json);

    /// <summary>What the sources state, and the figures chosen from them: a row whose derived figures alone moved is recomputed, not changed.</summary>
    private static string Stated(ResultRead row) => JsonSerializer.Serialize(row with
    {
        LastRevisionId = null, CreatedRevisionId = null, ComputedRank = null, Percentile = null, PreviousResultYear = null, PreviousResultScore = null,
        PreviousResultPublishedRank = null, PreviousResultComputedRank = null, ScoreChange = null, RankChange = null, Comparable = null, ComparabilityNote = null,
        Components = [.. row.Components.Select(c => c with { ComputedRank = null })],
        Observations = [.. row.Observations.Select(o => o with { Sequence = 0 })],
    }, Json);

    private static ResultChange Change(ResultKey key, ResultRead? before, ResultRead? after)
    {
        var row = after ?? before!;
        return new ResultChange(row.UnitCode, row.NameInYear, key.Year, row.CohortCode, before, after);
    }

    private static object? Figures(ResultRead? row) => row is null
        ? null
        : new
        {
            row.Score, row.Status, row.PublishedRank, row.ComputedRank, Tier = row.TierCode,
            Components = row.Components.Where(c => c.Score is not null || c.Status != Domain.Results.ValueStatus.Published).ToDictionary(c => c.ComponentCode, c => (object?)c.Score ?? c.Status),
            Sources = row.Observations.Count,
        };
}
