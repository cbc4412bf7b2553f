using IndexHub.Api.Features.Results;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Loading;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Writes;

/// <summary>What one load did; a repeated load of unchanged files adds, updates and removes nothing.</summary>
public sealed record LoadReport(int Read, int Matched, int Added, int Updated, int Removed, IReadOnlyList<SkippedRow> Skipped)
{
    public bool ChangedAnything => Added + Updated + Removed > 0;

    /// <summary>Skipped rows grouped by file and reason: "file: reason (rows 2, 3, ...)".</summary>
    public IEnumerable<string> SkippedSummary() =>
        Skipped.GroupBy(s => (s.Origin.File, s.Reason))
            .Select(g => $"{g.Key.File}: {g.Key.Reason} ({g.Count()} row{(g.Count() == 1 ? "" : "s")}: {Lines(g.Select(s => s.Origin.Line).ToList())})");

    private static string Lines(List<int> lines) =>
        lines.Count <= 6 ? string.Join(", ", lines) : $"{lines[0]}-{lines[^1]}";
}

/// <summary>
/// Loads everything the product ships, in one transaction: the reference geography and catalogue, then the results
/// through the same merge as an import (<see cref="ShippedResults"/>), then what is derived from them (ranks, changes,
/// statistics). Replicas that start together on PostgreSQL take turns under an advisory lock.
/// </summary>
public sealed class ShippedDataLoader(
    IndexHubDbContext db, ReferenceDataLoader reference, ShippedResults results, Derivations derivations, ILogger<ShippedDataLoader> logger)
{
    private const long LoadLockId = 0x1D3E_4B00;

    public async Task<LoadReport> LoadAsync(string dataDirectory, CancellationToken cancellationToken)
    {
        var strategy = db.Database.CreateExecutionStrategy();
        return await strategy.ExecuteAsync(async ct =>
        {
            db.ChangeTracker.Clear();
            db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.TrackAll;
            await using var transaction = await db.Database.BeginTransactionAsync(ct);
            if (db.Database.IsNpgsql())
            {
                await db.Database.ExecuteSqlAsync($"SELECT pg_advisory_xact_lock({LoadLockId})", ct);
            }
            var counts = new Counts();
            var read = await reference.SyncAsync(dataDirectory, ct);
            await SaveAsync(counts, ct);
            var outcome = await results.SyncAsync(dataDirectory, ct);
            await SaveAsync(counts, ct);
            db.ChangeTracker.Clear();
            var derived = await derivations.RecomputeAsync(await ReferenceCatalogue.LoadAsync(db, ct), null, null, ct);
            var changed = counts.Added + counts.Updated + counts.Removed + outcome.ResultsWritten + outcome.ResultsRemoved + derived;
            if (changed > 0)
            {
                // Replicas still serving see the new data version and retire what they cached.
                await db.BumpDataVersionAsync(DateTime.UtcNow, ct);
            }
            await transaction.CommitAsync(ct);

            var report = new LoadReport(read + outcome.RowsRead, outcome.Matched, counts.Added, counts.Updated + outcome.ResultsWritten + derived,
                counts.Removed + outcome.ResultsRemoved, outcome.Skipped);
            logger.LogInformation(
                "Shipped data: read {Read} records, matched {Matched} result rows; added {Added}, updated {Updated}, removed {Removed}{Unchanged}; skipped {SkippedCount}",
                report.Read, report.Matched, report.Added, report.Updated, report.Removed, report.ChangedAnything ? "" : " (unchanged)", report.Skipped.Count);
            foreach (var skipped in report.SkippedSummary())
            {
                logger.LogInformation("Skipped {Rows}", skipped);
            }
            return report;
        }, cancellationToken);
    }

    private async Task SaveAsync(Counts counts, CancellationToken ct)
    {
        foreach (var entry in db.ChangeTracker.Entries())
        {
            switch (entry.State)
            {
                case EntityState.Added: counts.Added++; break;
                case EntityState.Modified: counts.Updated++; break;
                case EntityState.Deleted: counts.Removed++; break;
            }
        }
        await db.SaveChangesAsync(ct);
    }

    private sealed class Counts
    {
        public int Added { get; set; }
        public int Updated { get; set; }
        public int Removed { get; set; }
    }
}
