using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using System.Linq.Expressions;

namespace IndexHub.Api.Features.Results;

/// <summary>A result as the result queries read it: one projection, shaped by each query into its DTO.</summary>
public sealed record ResultRead
{
    public int Id { get; init; }
    public int Year { get; init; }
    public int EditionId { get; init; }
    public required string EditionCode { get; init; }
    public required string EditionName { get; init; }
    public int EditionIndexId { get; init; }
    public int CohortId { get; init; }
    public required string CohortCode { get; init; }
    public int? CohortSize { get; init; }
    public int UnitId { get; init; }
    public required string UnitCode { get; init; }
    public required string UnitName { get; init; }
    public UnitType UnitType { get; init; }
    public DateOnly? UnitValidFrom { get; init; }
    public DateOnly? UnitValidTo { get; init; }
    public int? UnitRegionId { get; init; }
    public string? UnitRegionCode { get; init; }
    public required List<OfficialNameRead> UnitNames { get; init; }
    public decimal? Score { get; init; }
    public ValueStatus Status { get; init; }
    public int? PublishedRank { get; init; }
    public int? ComputedRank { get; init; }
    public decimal? Percentile { get; init; }
    public string? TierCode { get; init; }
    public string? TierNameVi { get; init; }
    public string? TierNameEn { get; init; }
    public int? PreviousResultYear { get; init; }
    public decimal? PreviousResultScore { get; init; }
    public int? PreviousResultPublishedRank { get; init; }
    public int? PreviousResultComputedRank { get; init; }
    public decimal? ScoreChange { get; init; }
    public int? RankChange { get; init; }
    public bool? Comparable { get; init; }
    public string? ComparabilityNote { get; init; }
    public bool HasConflict { get; init; }
    public int? CreatedRevisionId { get; init; }
    public int? LastRevisionId { get; init; }
    public required List<ComponentRead> Components { get; init; }
    public required List<ObservationRead> Observations { get; init; }

    /// <summary>The rank to show: the publisher's where given, else IndexHub's over a complete cohort.</summary>
    public int? Rank => PublishedRank ?? ComputedRank;

    /// <summary>The unit's name in the result's year: Thừa Thiên Huế in 2023.</summary>
    public string NameInYear => NameIn(UnitNames, UnitName, Year);

    /// <summary>The official name in force on the year's last day, else the unit's latest name.</summary>
    public static string NameIn(IReadOnlyList<OfficialNameRead> names, string latest, int year)
    {
        var day = new DateOnly(year, 12, 31);
        return names.FirstOrDefault(n => new Validity(n.ValidFrom, n.ValidTo).Contains(day))?.Value ?? latest;
    }
}

public sealed record OfficialNameRead(string Value, DateOnly? ValidFrom, DateOnly? ValidTo);

public sealed record ComponentRead
{
    public int ComponentId { get; init; }
    public required string ComponentCode { get; init; }
    public required string ComponentNameVi { get; init; }
    public required string ComponentNameEn { get; init; }
    public int ComponentOrder { get; init; }
    public decimal? Score { get; init; }
    public ValueStatus Status { get; init; }
    public int? PublishedRank { get; init; }
    public int? ComputedRank { get; init; }
}

public sealed record ObservationRead
{
    public required string Metric { get; init; }
    public decimal? Score { get; init; }
    public int? Rank { get; init; }
    public string? Note { get; init; }
    public string? SourceUrl { get; init; }
    public string? SourceCitation { get; init; }
    public required string SourceFile { get; init; }
    /// <summary>The whole source; null in history states written before sources had kinds (the flat fields above then name it).</summary>
    public SourceDto? Source { get; init; }
    public ValueStatus? Status { get; init; }
    public RankBasis? RankBasis { get; init; }
    public string? Quote { get; init; }
    public int Sequence { get; init; }
    /// <summary>The components this source states, by code.</summary>
    public Dictionary<string, decimal?>? Components { get; init; }
}

/// <summary>What a read takes beside the results' own columns: a ranking that shows neither skips both reads.</summary>
[Flags]
public enum ResultParts
{
    None = 0,
    Components = 1,
    Sources = 2,
    All = Components | Sources,
}

/// <summary>Reads results in the one shape every result query starts from.</summary>
public static class ResultReader
{
    /// <summary>A result's own columns: the first of the two reads.</summary>
    private sealed record ResultRow
    {
        public int Id { get; init; }
        public int Year { get; init; }
        public int EditionId { get; init; }
        public int CohortId { get; init; }
        public int UnitId { get; init; }
        public decimal? Score { get; init; }
        public ValueStatus Status { get; init; }
        public int? PublishedRank { get; init; }
        public int? ComputedRank { get; init; }
        public decimal? Percentile { get; init; }
        public int? TierId { get; init; }
        public int? PreviousYear { get; init; }
        public decimal? PreviousScore { get; init; }
        public int? PreviousPublishedRank { get; init; }
        public int? PreviousComputedRank { get; init; }
        public decimal? ScoreChange { get; init; }
        public int? RankChange { get; init; }
        public bool? Comparable { get; init; }
        public string? ComparabilityNote { get; init; }
        public bool HasConflict { get; init; }
        public int? CreatedRevisionId { get; init; }
        public int? LastRevisionId { get; init; }
    }

    /// <summary>
    /// A component value (<see cref="Metric"/> null) or what a source said (<see cref="Metric"/> set) of a result:
    /// the second read, both kinds in one UNION ALL.
    /// </summary>
    private sealed record DetailRow
    {
        public int ResultId { get; init; }
        public int Id { get; init; }
        /// <summary>The component, or the source.</summary>
        public int ReferenceId { get; init; }
        /// <summary>For a component a source states: the source's statement it belongs to.</summary>
        public int? OwnerId { get; init; }
        /// <summary>Set for a source's statement; null for a component value.</summary>
        public string? Metric { get; init; }
        public decimal? Score { get; init; }
        /// <summary>A component value's status; for a source's statement, the explicit status it states (or null).</summary>
        public ValueStatus? Status { get; init; }
        public int? PublishedRank { get; init; }
        public int? ComputedRank { get; init; }
        public string? Note { get; init; }
        public string? Quote { get; init; }
        public RankBasis? RankBasis { get; init; }
        public int Sequence { get; init; }
    }

    /// <summary>
    /// The results a filter selects, then (by their ids) their components and what each source said about them:
    /// two round trips, whatever the filter. Everything else a result names (unit, edition, cohort, tier, component and source) comes
    /// from the catalogue of the data version. (Shaping collections inside one EF Core query compiles a delegate for
    /// every row; split queries repeat the filter's joins for every list; a flat join repeats every result's
    /// columns for each of its components.)
    /// </summary>
    public static async Task<List<ResultRead>> ReadResultsAsync(
        this IndexHubDbContext db, ReferenceCatalogue catalogue, Expression<Func<Result, bool>> filter, CancellationToken ct, ResultParts parts = ResultParts.All)
    {
        var rows = await db.Results.AsNoTracking().Where(filter)
            .Select(r => new ResultRow
            {
                Id = r.Id, Year = r.Year, EditionId = r.EditionId, CohortId = r.CohortId, UnitId = r.UnitId, Score = r.Score, Status = r.Status,
                PublishedRank = r.PublishedRank, ComputedRank = r.ComputedRank, Percentile = r.Percentile, TierId = r.TierId,
                PreviousYear = r.PreviousResult == null ? null : r.PreviousResult.Year,
                PreviousScore = r.PreviousResult == null ? null : r.PreviousResult.Score,
                PreviousPublishedRank = r.PreviousResult == null ? null : r.PreviousResult.PublishedRank,
                PreviousComputedRank = r.PreviousResult == null ? null : r.PreviousResult.ComputedRank,
                ScoreChange = r.ScoreChange, RankChange = r.RankChange, Comparable = r.Comparable, ComparabilityNote = r.ComparabilityNote,
                HasConflict = r.HasConflict, CreatedRevisionId = r.CreatedRevisionId, LastRevisionId = r.LastRevisionId,
            })
            .ToListAsync(ct);
        if (rows.Count == 0)
        {
            return [];
        }
        // By the ids just read, not by the filter again: beside millions of synthetic rows PostgreSQL planned the
        // filter's joins to the small sources table as a scan of every result (50 ms instead of 0.5).
        var ids = rows.Select(r => r.Id).ToList();
        var components = !parts.HasFlag(ResultParts.Components) ? [] : await db.ResultComponents.AsNoTracking().Where(c => ids.Contains(c.ResultId)).Select(c => new DetailRow
        {
            ResultId = c.ResultId, Id = c.Id, ReferenceId = c.ComponentId, Score = c.Score, Status = c.Status,
            PublishedRank = c.PublishedRank, ComputedRank = c.ComputedRank,
        }).ToListAsync(ct);
        // What each source said, with the components it states beside it (a flat left join: a source's own columns repeat
        // for each of its components). A UNION with the component values misaligned its columns on PostgreSQL once
        // statements carried more of their own than component values have.
        var statements = !parts.HasFlag(ResultParts.Sources) ? [] : await (
                from o in db.ResultObservations.AsNoTracking().Where(o => ids.Contains(o.ResultId))
                join c in db.ObservationComponents.AsNoTracking() on o.Id equals c.ObservationId into stated
                from c in stated.DefaultIfEmpty()
                select new
                {
                    Statement = new DetailRow
                    {
                        ResultId = o.ResultId, Id = o.Id, ReferenceId = o.SourceId, Metric = o.Metric, Score = o.Score, Status = o.Status,
                        PublishedRank = o.Rank, Note = o.Note, Quote = o.Quote, RankBasis = o.RankBasis, Sequence = o.Sequence,
                    },
                    ComponentId = c == null ? (int?)null : c.ComponentId,
                    ComponentScore = c == null ? null : c.Score,
                })
            .ToListAsync(ct);
        var details = components
            .Concat(statements.DistinctBy(s => s.Statement.Id).Select(s => s.Statement))
            .Concat(statements.Where(s => s.ComponentId is not null).Select(s => new DetailRow
            {
                ResultId = s.Statement.ResultId, Id = 0, ReferenceId = s.ComponentId!.Value, OwnerId = s.Statement.Id, Score = s.ComponentScore,
            }))
            .ToLookup(d => d.ResultId);
        return [.. rows.Select(r => Shape(r, details[r.Id], catalogue))];
    }

    private static ResultRead Shape(ResultRow r, IEnumerable<DetailRow> details, ReferenceCatalogue catalogue)
    {
        var edition = catalogue.Editions[r.EditionId];
        var cohort = catalogue.Cohorts[r.CohortId];
        var unit = catalogue.Units[r.UnitId];
        var tier = r.TierId is int tierId ? catalogue.Tiers[tierId] : null;
        var components = new List<(int Id, ComponentRead Read)>();
        var observations = new List<(int Id, SourceKind Kind, ObservationRead Read)>();
        var list = details as IList<DetailRow> ?? details.ToList();
        var stated = list.Where(d => d.OwnerId is not null).ToLookup(d => d.OwnerId!.Value);
        foreach (var d in list.Where(d => d.OwnerId is null))
        {
            if (d.Metric is null)
            {
                var component = catalogue.Components[d.ReferenceId];
                components.Add((d.Id, new ComponentRead
                {
                    ComponentId = component.Id, ComponentCode = component.Code, ComponentNameVi = component.NameVi, ComponentNameEn = component.NameEn,
                    ComponentOrder = component.Order, Score = d.Score, Status = d.Status!.Value, PublishedRank = d.PublishedRank, ComputedRank = d.ComputedRank,
                }));
            }
            else
            {
                var source = catalogue.Sources[d.ReferenceId];
                var ownComponents = stated[d.Id].ToList();
                observations.Add((d.Id, source.Kind, new ObservationRead
                {
                    Metric = d.Metric, Score = d.Score, Rank = d.PublishedRank, Note = d.Note,
                    SourceUrl = source.Url, SourceCitation = source.Citation, SourceFile = source.File, Source = source,
                    Status = d.Status, RankBasis = d.RankBasis, Quote = d.Quote, Sequence = d.Sequence,
                    Components = ownComponents.Count == 0
                        ? null
                        : ownComponents.OrderBy(c => catalogue.Components[c.ReferenceId].Order)
                            .ToDictionary(c => catalogue.Components[c.ReferenceId].Code, c => c.Score, StringComparer.Ordinal),
                }));
            }
        }
        return new ResultRead
        {
            Id = r.Id, Year = r.Year,
            EditionId = edition.Id, EditionCode = edition.Code, EditionName = edition.Name, EditionIndexId = edition.IndexId,
            CohortId = cohort.Id, CohortCode = cohort.Code, CohortSize = cohort.Size,
            UnitId = unit.Id, UnitCode = unit.Code, UnitName = unit.Name, UnitType = unit.Type, UnitValidFrom = unit.ValidFrom, UnitValidTo = unit.ValidTo,
            UnitRegionId = unit.RegionId, UnitRegionCode = unit.RegionCode, UnitNames = [.. unit.OfficialNames],
            Score = r.Score, Status = r.Status, PublishedRank = r.PublishedRank, ComputedRank = r.ComputedRank, Percentile = r.Percentile,
            TierCode = tier?.Code, TierNameVi = tier?.NameVi, TierNameEn = tier?.NameEn,
            PreviousResultYear = r.PreviousYear, PreviousResultScore = r.PreviousScore,
            PreviousResultPublishedRank = r.PreviousPublishedRank, PreviousResultComputedRank = r.PreviousComputedRank,
            ScoreChange = r.ScoreChange, RankChange = r.RankChange, Comparable = r.Comparable, ComparabilityNote = r.ComparabilityNote,
            HasConflict = r.HasConflict, CreatedRevisionId = r.CreatedRevisionId, LastRevisionId = r.LastRevisionId,
            // Components in the index's order; what the sources said in the order they lead (the first is the figure shown).
            Components = [.. components.OrderBy(c => c.Read.ComponentOrder).ThenBy(c => c.Id).Select(c => c.Read)],
            Observations = [.. observations.OrderBy(o => o.Kind).ThenByDescending(o => o.Read.Sequence).ThenBy(o => o.Id).Select(o => o.Read)],
        };
    }
}
