using IndexHub.Api.Infrastructure;
using System.Text.Json;
using IndexHub.Api.Features.Keys;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using IndexHub.Api.Persistence.Loading;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Imports;

/// <summary>What a write did, or (dry run) would do: rows added, changed (their figures or what follows from them) and deleted.</summary>
public sealed record WriteOutcome(
    IReadOnlySet<(int EditionId, int CohortId, int UnitId, int Year)> Added,
    IReadOnlySet<(int EditionId, int CohortId, int UnitId, int Year)> Changed,
    int Deleted,
    int? Revision,
    long? DataVersion = null);

/// <summary>A unit's figures before and after a revision.</summary>
public sealed record ResultChange(string Unit, string Name, int Year, string Cohort, ResultRead? Before, ResultRead? After);

/// <summary>
/// The one path by which results change: under a lock per index and year, in one transaction,
/// it applies the change, recomputes ranks, changes and statistics, keeps every replaced row in the
/// history, records a revision and an audit entry, and commits; or, on a dry run or an error,
/// leaves everything as it was.
/// </summary>
public sealed class ResultWriter(
    IndexHubDbContext db, ResultDerivations derivations, TimeProvider clock, Microsoft.AspNetCore.OutputCaching.IOutputCacheStore cache,
    DataVersionState dataVersion, IConfiguration configuration, ImportLimits limits, ILogger<ResultWriter> logger)
{
    private static readonly SemaphoreSlim SqliteWriteLock = new(1, 1);
    private static readonly JsonSerializerOptions Json = StoredJson.Options;

    public async Task<WriteOutcome> WriteAsync(
        int indexId, int year, string operation, Writer writer, bool dryRun, SourceRef? source, string target,
        Func<CancellationToken, Task> change, CancellationToken ct)
    {
        var sqlite = !db.Database.IsNpgsql();
        if (sqlite)
        {
            // SQLite is one file in one process: writers take turns here rather than fail on a busy database.
            await SqliteWriteLock.WaitAsync(ct);
        }
        try
        {
            db.Database.SetCommandTimeout(TimeSpan.FromSeconds(limits.WriteCommandTimeoutSeconds));
            // Retries on a transient failure replay the whole unit, change included: it reads afresh each time.
            var strategy = db.Database.CreateExecutionStrategy();
            var outcome = await strategy.ExecuteAsync(ct, ct => WriteOnceAsync(indexId, year, operation, writer, dryRun, source, target, change, sqlite, ct));
            if (outcome.DataVersion is { } version)
            {
                // Cached answers no longer hold: this replica moves to the new version now, the others within
                // a poll of DataVersionMonitor.
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

    private async Task<WriteOutcome> WriteOnceAsync(
        int indexId, int year, string operation, Writer writer, bool dryRun, SourceRef? source, string target,
        Func<CancellationToken, Task> change, bool sqlite, CancellationToken ct)
    {
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
            var before = await SnapshotAsync(indexId, year, ct);
            var snapshotMs = phases.ElapsedMilliseconds;
            await change(ct);
            await db.SaveChangesAsync(ct);
            // What follows reads and writes the tables directly; entities tracked by the change would be stale.
            db.ChangeTracker.Clear();
            var changeMs = phases.ElapsedMilliseconds;
            await derivations.RecomputeAsync(indexId, ct, year);
            await db.SaveChangesAsync(ct);
            var recomputeMs = phases.ElapsedMilliseconds;
            var after = await SnapshotAsync(indexId, year, ct);
            var afterMs = phases.ElapsedMilliseconds;

            var added = after.Keys.Except(before.Keys).ToList();
            var deleted = before.Keys.Except(after.Keys).ToList();
            var changed = after.Keys.Intersect(before.Keys).Where(k => Comparable(before[k]) != Comparable(after[k])).ToList();
            var outcome = new WriteOutcome(added.ToHashSet(), changed.ToHashSet(), deleted.Count, null);

            if (dryRun || added.Count + changed.Count + deleted.Count == 0)
            {
                await transaction.RollbackAsync(ct);
                db.ChangeTracker.Clear();
                if (!dryRun)
                {
                    db.Record(writer, clock, operation, target, null, new { Message = "unchanged: nothing was written" });
                    await db.SaveChangesAsync(ct);
                }
                return outcome;
            }

            var now = clock.GetUtcNow().UtcDateTime;
            var changes = added.Select(k => Change(k, null, after[k]))
                .Concat(changed.Select(k => Change(k, before[k], after[k])))
                .Concat(deleted.Select(k => Change(k, before[k], null)))
                .ToList();
            var revision = new Revision
            {
                IndexId = indexId, Year = year, CreatedAt = now, Operation = operation, Actor = writer.Actor, ApiKeyId = writer.KeyId,
                Source = source is null ? null : await SourceAsync(source, ct),
                Added = added.Count, Changed = changed.Count, Deleted = deleted.Count,
                Changes = JsonSerializer.Serialize(changes.Select(c => new { c.Unit, c.Name, c.Year, c.Cohort, Before = Figures(c.Before), After = Figures(c.After) }), Json),
                RequestId = writer.RequestId,
            };
            db.Revisions.Add(revision);
            await db.SaveChangesAsync(ct);

            var history = changed.Concat(deleted).Select(key =>
            {
                var old = before[key];
                return new ResultHistory
                {
                    EditionId = key.EditionId, CohortId = key.CohortId, UnitId = key.UnitId, Year = key.Year,
                    ValidFromRevisionId = old.LastRevisionId, ValidToRevisionId = revision.Id, ValidTo = now,
                    State = JsonSerializer.Serialize(old, Json),
                };
            }).ToList();
            if (!sqlite && history.Count >= limits.BulkCopyFromRows)
            {
                await CopyHistoryAsync(history, ct);
            }
            else
            {
                db.ResultHistory.AddRange(history);
            }
            var addedIds = added.Select(k => after[k].Id).ToList();
            var changedIds = changed.Select(k => after[k].Id).ToList();
            await db.Results.Where(r => addedIds.Contains(r.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.LastRevisionId, revision.Id).SetProperty(r => r.CreatedRevisionId, revision.Id), ct);
            await db.Results.Where(r => changedIds.Contains(r.Id))
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.LastRevisionId, revision.Id), ct);
            db.Record(writer, clock, operation, target,
                changes.Where(c => c.Before is not null).Select(c => new { c.Unit, c.Year, c.Cohort, Figures = Figures(c.Before) }),
                changes.Where(c => c.After is not null).Select(c => new { c.Unit, c.Year, c.Cohort, Figures = Figures(c.After) }),
                revision.Id);
            await db.SaveChangesAsync(ct);
            // Fault injection for the crash test: a pause with the whole write done but not committed.
            if (configuration.GetValue("Faults:PauseBeforeCommitMilliseconds", 0) is > 0 and var pause)
            {
                await Console.Out.WriteLineAsync("indexhub: write applied, pausing before commit");
                await Task.Delay(pause, ct);
            }
            var version = await db.BumpDataVersionAsync(now, ct);
            await transaction.CommitAsync(ct);
            logger.LogInformation(
                "Write {Operation} of index {IndexId} {Year}: snapshot {Snapshot} ms, change {Change} ms, recompute {Recompute} ms, second snapshot {After} ms, revision and history {Revision} ms",
                operation, indexId, year, snapshotMs, changeMs - snapshotMs, recomputeMs - changeMs, afterMs - recomputeMs, phases.ElapsedMilliseconds - afterMs);
            return outcome with { Revision = revision.Id, DataVersion = version };
        }
    }

    /// <summary>Replaced rows of a large write, by binary COPY (PostgreSQL, inside the write's transaction).</summary>
    private async Task CopyHistoryAsync(List<ResultHistory> history, CancellationToken ct)
    {
        var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
        await using var copy = await connection.BeginBinaryImportAsync("""
            COPY result_history ("EditionId", "CohortId", "UnitId", "Year", "ValidFromRevisionId", "ValidToRevisionId", "ValidTo", "State") FROM STDIN (FORMAT BINARY)
            """, ct);
        foreach (var row in history)
        {
            await copy.StartRowAsync(ct);
            await copy.WriteAsync(row.EditionId, NpgsqlTypes.NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(row.CohortId, NpgsqlTypes.NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(row.UnitId, NpgsqlTypes.NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(row.Year, NpgsqlTypes.NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(row.ValidFromRevisionId, NpgsqlTypes.NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(row.ValidToRevisionId, NpgsqlTypes.NpgsqlDbType.Integer, ct);
            await copy.WriteAsync(row.ValidTo, NpgsqlTypes.NpgsqlDbType.TimestampTz, ct);
            await copy.WriteAsync(row.State, NpgsqlTypes.NpgsqlDbType.Text, ct);
        }
        await copy.CompleteAsync(ct);
    }

    /// <summary>The year written and the next (whose changes on the previous year follow from it).</summary>
    private async Task<Dictionary<(int EditionId, int CohortId, int UnitId, int Year), ResultRead>> SnapshotAsync(int indexId, int year, CancellationToken ct)
    {
        // Read inside the write's transaction: the catalogue must see the sources this write adds.
        var catalogue = await ReferenceCatalogue.LoadAsync(db, ct);
        var rows = await db.ReadResultsAsync(catalogue, r => r.Edition.IndexId == indexId && (r.Year == year || r.Year == year + 1), ct);
        return rows.ToDictionary(r => (r.EditionId, r.CohortId, r.UnitId, r.Year));
    }

    /// <summary>A row's content without the bookkeeping of which revision made it.</summary>
    private static string Comparable(ResultRead row) => JsonSerializer.Serialize(row with { LastRevisionId = null, CreatedRevisionId = null }, Json);

    private static ResultChange Change((int EditionId, int CohortId, int UnitId, int Year) key, ResultRead? before, ResultRead? after)
    {
        var row = after ?? before!;
        return new ResultChange(row.UnitCode, row.NameInYear, key.Year, row.CohortCode, before, after);
    }

    private static object? Figures(ResultRead? row) => row is null
        ? null
        : new
        {
            row.Score, row.Status, row.PublishedRank, row.ComputedRank, Tier = row.TierCode,
            Components = row.Components.Where(c => c.Score is not null || c.Status != ValueStatus.Published).ToDictionary(c => c.ComponentCode, c => (object?)c.Score ?? c.Status),
        };

    private async Task<Source> SourceAsync(SourceRef reference, CancellationToken ct) =>
        await db.Sources.AsTracking().SingleOrDefaultAsync(s => s.Key == reference.Key, ct)
        ?? db.Sources.Add(new Source { Key = reference.Key, Url = reference.Url, Citation = reference.Citation, File = reference.File }).Entity;
}
