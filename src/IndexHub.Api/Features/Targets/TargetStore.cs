using System.Text.Json;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Targets;

/// <summary>
/// Writes one target, whole or not at all: in one transaction the change, its revision, its audit entry and the data version
/// bump; then this replica moves to the new version and drops its cached answers (the others follow within a poll).
/// The If-Match check and the write are one statement: the revision is a concurrency token, so two editors who read the
/// same revision cannot both write.
/// </summary>
public static class TargetStore
{
    private static readonly SemaphoreSlim SqliteWriteLock = new(1, 1);

    /// <summary>The ETag a target's GET returns and its PUT and DELETE compare: its id and revision.</summary>
    public static string ETag(int id, int revision) => $"\"target-{id}-{revision}\"";

    public static object State(Target t) => new
    {
        t.UnitId, t.IndexId, t.ComponentId, t.ComponentLabel, t.FromYear, t.ToYear,
        Target = TargetReader.Spell(t.Kind, t.Threshold), t.SetBy, t.Owner, t.OwnerUnitId,
        t.SourceTitle, t.SourceUrl, t.SourceDate, t.Quote, t.EvaluationInSource, Deleted = t.DeletedAt is not null,
    };

    /// <summary>Whether two targets state the same goal with the same provenance.</summary>
    public static bool Same(Target a, Target b) =>
        JsonSerializer.Serialize(State(a), StoredJson.Options) == JsonSerializer.Serialize(State(b), StoredJson.Options);

    /// <summary>Copies what a target states (not its identity or bookkeeping) onto the stored one.</summary>
    public static void CopyStatement(Target from, Target to)
    {
        to.UnitId = from.UnitId; to.IndexId = from.IndexId; to.ComponentId = from.ComponentId; to.ComponentLabel = from.ComponentLabel;
        to.FromYear = from.FromYear; to.ToYear = from.ToYear; to.Kind = from.Kind; to.Threshold = from.Threshold;
        to.SetBy = from.SetBy; to.Owner = from.Owner; to.OwnerUnitId = from.OwnerUnitId; to.SourceTitle = from.SourceTitle;
        to.SourceUrl = from.SourceUrl; to.SourceDate = from.SourceDate; to.Quote = from.Quote; to.EvaluationInSource = from.EvaluationInSource;
    }

    /// <summary>Runs a change of targets under the write rules; the change returns the targets it touched with their operation (none: nothing is written).</summary>
    public static async Task<bool> RunAsync(
        IndexHubDbContext db, TimeProvider clock, Author author, IOutputCacheStore? cache, DataVersionState? dataVersion,
        Func<DateTime, CancellationToken, Task<IReadOnlyList<(Target Target, string Operation, object? Before)>>> change, CancellationToken ct)
    {
        var sqlite = !db.Database.IsNpgsql();
        if (sqlite)
        {
            await SqliteWriteLock.WaitAsync(ct);
        }
        long? version = null;
        try
        {
            // Retries on a transient failure replay the whole unit, change included: it reads afresh each time.
            var strategy = db.Database.CreateExecutionStrategy();
            version = await strategy.ExecuteAsync(ct, token => RunOnceAsync(db, clock, author, change, token));
            return version is not null;
        }
        finally
        {
            db.ChangeTracker.Clear();
            if (sqlite)
            {
                SqliteWriteLock.Release();
            }
            if (version is long moved)
            {
                dataVersion?.Observe(moved);
                if (cache is not null)
                {
                    await cache.EvictByTagAsync(OutputCaching.DataTag, CancellationToken.None);
                }
            }
        }
    }

    private static async Task<long?> RunOnceAsync(
        IndexHubDbContext db, TimeProvider clock, Author author,
        Func<DateTime, CancellationToken, Task<IReadOnlyList<(Target Target, string Operation, object? Before)>>> change, CancellationToken ct)
    {
        db.ChangeTracker.Clear();
        // Reads are untracked by default; a write changes what it reads.
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.TrackAll;
        await using var transaction = await db.Database.BeginTransactionAsync(ct);
        var now = clock.GetUtcNow().UtcDateTime;
        var touched = await change(now, ct);
        if (touched.Count == 0)
        {
            await transaction.RollbackAsync(ct);
            return null;
        }
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateConcurrencyException)
        {
            throw new PreconditionFailedException("The target changed since it was read; read it again and reapply the change.");
        }
        foreach (var (target, operation, before) in touched)
        {
            db.TargetRevisions.Add(new TargetRevision
            {
                TargetId = target.Id, Number = target.Revision, Operation = operation, At = now, Actor = author.Name, ApiKeyId = author.KeyId,
                RequestId = author.RequestId, State = JsonSerializer.Serialize(State(target), StoredJson.Options),
            });
            db.Record(author, clock, $"target.{operation}", $"target {target.Id}", before, State(target));
        }
        await db.SaveChangesAsync(ct);
        var version = await db.BumpDataVersionAsync(now, ct);
        await transaction.CommitAsync(ct);
        return version;
    }
}
