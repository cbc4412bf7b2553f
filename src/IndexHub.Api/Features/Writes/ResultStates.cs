using IndexHub.Api.Domain.Results;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Writes;

public readonly record struct ResultKey(int EditionId, int CohortId, int UnitId, int Year);

/// <summary>A source's statement about a result, under the metric it was recorded with.</summary>
public sealed record SourcedStatement(int SourceId, string Metric, Statement Statement);

/// <summary>A result as it stands, or as a write would leave it: its sources' statements, and the figures chosen from them.</summary>
public sealed record ResultState(ResultKey Key, IReadOnlyList<SourcedStatement> Statements)
{
    /// <summary>Computed on each call: a copy made with <c>with</c> must not carry its original's figures.</summary>
    public ChosenFigures Chosen => Precedence.Choose([.. Statements.Select(s => s.Statement)]);

    /// <summary>
    /// The result after a source states <paramref name="incoming"/>: that source's statement takes what the new one
    /// states and keeps what it leaves unstated; every other source's statement is untouched.
    /// </summary>
    public ResultState Stating(SourcedStatement incoming)
    {
        var list = Statements.ToList();
        var at = list.FindIndex(s => s.SourceId == incoming.SourceId && s.Metric == incoming.Metric);
        if (at < 0)
        {
            list.Add(incoming with { Statement = incoming.Statement with { Order = list.Count == 0 ? 0 : list.Max(s => s.Statement.Order) + 1 } });
        }
        else
        {
            list[at] = list[at] with { Statement = list[at].Statement.With(incoming.Statement) };
        }
        return this with { Statements = list };
    }

    /// <summary>The result after a source's statement is replaced whole (a correction): what the new one leaves unstated, that source no longer states.</summary>
    public ResultState Replacing(SourcedStatement incoming)
    {
        var list = Statements.ToList();
        var at = list.FindIndex(s => s.SourceId == incoming.SourceId && s.Metric == incoming.Metric);
        if (at < 0)
        {
            return Stating(incoming);
        }
        list[at] = incoming with { Statement = incoming.Statement with { Order = list[at].Statement.Order } };
        return this with { Statements = list };
    }

    /// <summary>Whether a write would leave this result as it was.</summary>
    public bool SameAs(ResultState? other) =>
        other is not null && other.Statements.Count == Statements.Count
        && Statements.All(s => other.Statements.Any(o => o.SourceId == s.SourceId && o.Metric == s.Metric && o.Statement.SameFigures(s.Statement)));
}

/// <summary>Reads results' statements as they are stored, in the shape the merge works on.</summary>
public static class ResultStates
{
    /// <summary>The stored results of one edition, cohort and year (of the given units, or all), by unit.</summary>
    public static async Task<Dictionary<int, ResultState>> ReadAsync(
        IndexHubDbContext db, ReferenceCatalogue catalogue, int editionId, int cohortId, int year, IReadOnlyCollection<int>? unitIds, CancellationToken ct)
    {
        var results = db.Results.AsNoTracking().Where(r => r.EditionId == editionId && r.CohortId == cohortId && r.Year == year);
        if (unitIds is not null && unitIds.Count <= 1000)
        {
            results = results.Where(r => unitIds.Contains(r.UnitId));
        }
        var rows = await results.Select(r => new { r.Id, r.UnitId }).ToListAsync(ct);
        return (await ShapeAsync(db, catalogue, rows.ToDictionary(r => r.Id, r => new ResultKey(editionId, cohortId, r.UnitId, year)), ct))
            .Values.ToDictionary(s => s.Key.UnitId);
    }

    /// <summary>The stored results with these ids, by id.</summary>
    public static async Task<Dictionary<int, ResultState>> ReadByIdAsync(IndexHubDbContext db, ReferenceCatalogue catalogue, IReadOnlyCollection<int> ids, CancellationToken ct)
    {
        var rows = await db.Results.AsNoTracking().Where(r => ids.Contains(r.Id)).Select(r => new { r.Id, r.EditionId, r.CohortId, r.UnitId, r.Year }).ToListAsync(ct);
        return await ShapeAsync(db, catalogue, rows.ToDictionary(r => r.Id, r => new ResultKey(r.EditionId, r.CohortId, r.UnitId, r.Year)), ct);
    }

    private static async Task<Dictionary<int, ResultState>> ShapeAsync(IndexHubDbContext db, ReferenceCatalogue catalogue, Dictionary<int, ResultKey> keys, CancellationToken ct)
    {
        if (keys.Count == 0)
        {
            return [];
        }
        var ids = keys.Keys.ToList();
        var observations = await db.ResultObservations.AsNoTracking()
            .Where(o => ids.Contains(o.ResultId))
            .Select(o => new { o.Id, o.ResultId, o.SourceId, o.Metric, o.Score, o.Status, o.Rank, o.RankBasis, o.TierId, o.Note, o.Quote, o.Sequence, o.RankSequence, o.TierSequence })
            .ToListAsync(ct);
        var components = (await db.ObservationComponents.AsNoTracking()
                .Join(db.ResultObservations.Where(o => ids.Contains(o.ResultId)), c => c.ObservationId, o => o.Id, (c, o) => c)
                .Select(c => new { c.ObservationId, c.ComponentId, c.Score, c.Status, c.Rank, c.Sequence })
                .ToListAsync(ct))
            .ToLookup(c => c.ObservationId);
        var byResult = observations.ToLookup(o => o.ResultId);
        return keys.ToDictionary(k => k.Key, k => new ResultState(k.Value, [.. byResult[k.Key].OrderBy(o => o.Id).Select(o => new SourcedStatement(o.SourceId, o.Metric, new Statement
        {
            SourceId = o.SourceId, Kind = catalogue.Sources[o.SourceId].Kind, Sequence = o.Sequence, RankSequence = o.RankSequence, TierSequence = o.TierSequence, Order = o.Id,
            Score = o.Score, Status = o.Status, Rank = o.Rank, RankBasis = o.RankBasis, TierId = o.TierId, Note = o.Note, Quote = o.Quote,
            Components = components[o.Id].ToDictionary(c => c.ComponentId, c => new ComponentStatement(c.Score, c.Status, c.Rank, c.Sequence)),
        }))]));
    }
}
