using IndexHub.Api.Infrastructure;
using System.Text.Json;
using IndexHub.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Results;

/// <summary>Reads results as they stood after a given revision, from the current rows and the history of replaced ones.</summary>
public static class ResultHistoryReader
{
    private static readonly JsonSerializerOptions Json = StoredJson.Options;

    /// <summary>The last revision made by the end of <paramref name="day"/> (UTC); 0 when there was none (the shipped data).</summary>
    public static async Task<int> RevisionAtAsync(this IndexHubDbContext db, DateOnly day, CancellationToken ct)
    {
        var end = day.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
        return await db.Revisions.Where(r => r.CreatedAt < end).MaxAsync(r => (int?)r.Id, ct) ?? 0;
    }

    /// <summary>The statistics a publisher printed for a cohort's year, as held after revision <paramref name="revision"/>.</summary>
    public static async Task<List<PublishedStatisticEntry>> PublishedStatisticsAtAsync(
        this IndexHubDbContext db, ReferenceCatalogue catalogue, int editionId, int cohortId, int year, int revision, CancellationToken ct) =>
        [.. (await db.PublishedStatistics.AsNoTracking()
                .Where(s => s.EditionId == editionId && s.CohortId == cohortId && s.Year == year && s.Scope != Persistence.Entities.StatisticScope.Region
                    && (s.CreatedRevisionId ?? 0) <= revision && (s.ReplacedRevisionId == null || s.ReplacedRevisionId > revision))
                .OrderBy(s => s.Scope).ThenBy(s => s.Metric).ThenBy(s => s.Id)
                .ToListAsync(ct))
            .Select(s => new PublishedStatisticEntry(s.EditionId, s.CohortId, s.Year, s.Scope, s.RegionId, s.Metric, s.Value, s.PublishedRank, catalogue.Sources[s.SourceId], s.Note))];

    /// <summary>One cohort-year's rows as they stood after revision <paramref name="revision"/>.</summary>
    public static async Task<List<ResultRead>> HistoricRowsAsync(this IndexHubDbContext db, List<ResultRead> current, int editionId, int cohortId, int year, int revision, CancellationToken ct)
    {
        var unchangedSince = current.Where(r => (r.CreatedRevisionId ?? 0) <= revision && (r.LastRevisionId ?? 0) <= revision).ToList();
        var states = await db.ResultHistory
            .Where(h => h.EditionId == editionId && h.CohortId == cohortId && h.Year == year
                && (h.ValidFromRevisionId ?? 0) <= revision && h.ValidToRevisionId > revision)
            .Select(h => h.State)
            .ToListAsync(ct);
        var replaced = states.Select(s => JsonSerializer.Deserialize<ResultRead>(s, Json)!).ToList();
        var held = unchangedSince.Select(r => r.UnitId).ToHashSet();
        return [.. unchangedSince, .. replaced.Where(r => !held.Contains(r.UnitId))];
    }
}
