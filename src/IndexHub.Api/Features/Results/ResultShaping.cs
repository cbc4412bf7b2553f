using System.Globalization;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Persistence.Entities;

namespace IndexHub.Api.Features.Results;

public static class ResultShaping
{
    /// <summary>A row as the selection asks: codes and figures, components and sources only when included.</summary>
    public static ResultRowDto ToRow(this ResultRead r, ResultSelection selection) => new()
    {
        Unit = new UnitRefDto { Code = r.UnitCode, Name = r.NameInYear, Type = r.UnitType, Region = r.UnitRegionCode },
        Year = r.Year,
        Edition = r.EditionCode,
        Cohort = r.CohortCode,
        Score = r.Score,
        Status = r.Status,
        Rank = r.Rank,
        RankBasis = r.PublishedRank is not null ? "published" : r.ComputedRank is not null ? "computed" : null,
        PublishedRank = r.PublishedRank,
        ComputedRank = r.ComputedRank,
        CohortSize = r.CohortSize,
        RankLabel = RankLabel(r.Rank, r.CohortSize),
        Percentile = r.Percentile,
        Tier = r.TierCode,
        Change = r.ToChange(),
        Components = selection.Components
            ? [.. r.Components.Select(c => new ComponentScoreDto
            {
                Code = c.ComponentCode, Score = c.Score, Status = c.Status, PublishedRank = c.PublishedRank, ComputedRank = c.ComputedRank,
            })]
            : null,
        Conflict = r.HasConflict,
        Sources = selection.Sources
            ? [.. r.Observations.Select(o => new ObservationDto
            {
                Metric = o.Metric, Score = o.Score, Rank = o.Rank, Note = o.Note, Status = o.Status, Quote = o.Quote, Components = o.Components,
                RankBasis = o.Rank is null ? null : o.RankBasis ?? RankBasis.Explicit,
                Source = o.Source ?? new SourceDto { Url = o.SourceUrl, Citation = o.SourceCitation, File = o.SourceFile, Kind = SourceKind.Press },
            })]
            : null,
        SelectedFields = selection.Fields,
    };

    /// <summary>The names of what these rows refer to, or null where the selection leaves them out.</summary>
    public static ResultNamesDto? Names(this ReferenceCatalogue catalogue, IReadOnlyCollection<ResultRead> rows, ResultSelection selection)
    {
        if (!selection.Names)
        {
            return null;
        }
        var editions = rows.Select(r => r.EditionId).Distinct().Select(id => catalogue.Editions[id]).OrderBy(e => e.IndexId).ThenBy(e => e.Code, StringComparer.Ordinal).ToList();
        return catalogue.Names(editions, rows.Select(r => r.CohortId).Distinct(), rows.Select(r => r.Year).Distinct(),
            rows.Where(r => r.TierCode is not null).Select(r => (r.EditionIndexId, r.TierCode!, r.TierNameVi!, r.TierNameEn!)));
    }

    /// <summary>The names of editions (with their components valid in the years), cohorts and tiers.</summary>
    public static ResultNamesDto Names(this ReferenceCatalogue catalogue, IReadOnlyList<EditionEntry> editions, IEnumerable<int> cohortIds, IEnumerable<int> years,
        IEnumerable<(int IndexId, string Code, string NameVi, string NameEn)> tiers)
    {
        var indexCodes = catalogue.Indices.ToDictionary(i => i.Id);
        var yearList = years.ToList();
        var editionIds = editions.Select(e => e.Id).ToHashSet();
        return new ResultNamesDto
        {
            Indices = [.. editions.Select(e => e.IndexId).Distinct().Select(id => indexCodes[id]).Select(i => new IndexNameDto { Code = i.Code, NameVi = i.NameVi, NameEn = i.NameEn })],
            Editions = [.. editions.Select(e => new EditionNameDto { Code = e.Code, Index = indexCodes[e.IndexId].Code, Name = e.Name })],
            Cohorts = [.. cohortIds.Distinct().Select(id => catalogue.Cohorts[id]).OrderBy(c => c.Code, StringComparer.Ordinal)
                .Select(c => new CohortNameDto { Code = c.Code, Name = c.Name, Size = c.Size })],
            Components = [.. catalogue.Components.Values
                .Where(c => editionIds.Contains(c.EditionId) && (yearList.Count == 0 || yearList.Any(c.Years.Contains)))
                .OrderBy(c => c.EditionId).ThenBy(c => c.Order).ThenBy(c => c.Id)
                .Select(c => new ComponentNameDto
                {
                    Code = c.Code, Edition = catalogue.Editions[c.EditionId].Code, Parent = c.ParentId is int parent ? catalogue.Components[parent].Code : null,
                    NameVi = c.NameVi, NameEn = c.NameEn,
                })],
            Tiers = [.. tiers.Distinct().Select(t => new TierNameDto { Index = indexCodes[t.IndexId].Code, Code = t.Code, NameVi = t.NameVi, NameEn = t.NameEn })],
        };
    }

    /// <summary>A cohort and how much of it a table holds.</summary>
    public static CohortDto ToCohortDto(this CohortEntry cohort, CohortCoverage coverage) => new()
    {
        Code = cohort.Code, Name = cohort.Name, Size = cohort.Size, RowsHeld = coverage.RowsHeld, ScoresHeld = coverage.ScoresHeld, Complete = coverage.Complete,
    };

    /// <summary>How much of a cohort these rows hold.</summary>
    public static CohortCoverage Coverage(this IReadOnlyCollection<ResultRead> rows, int? cohortSize) =>
        CohortDerivation.Coverage(rows.Select(r => (r.Score, r.Status)), rows.Count, cohortSize);

    public static ChangeDto? ToChange(this ResultRead r) => r.PreviousResultYear is int previousYear
        ? new ChangeDto
        {
            PreviousYear = previousYear,
            PreviousScore = r.PreviousResultScore,
            PreviousRank = r.PreviousResultPublishedRank ?? r.PreviousResultComputedRank,
            Score = r.ScoreChange,
            Places = r.RankChange,
            Comparable = r.Comparable ?? false,
            Reason = r.ComparabilityNote,
        }
        : null;

    public static string? RankLabel(int? rank, int? size) => rank is null
        ? null
        : size is null ? rank.Value.ToString(CultureInfo.InvariantCulture) : $"{rank.Value.ToString(CultureInfo.InvariantCulture)}/{size.Value.ToString(CultureInfo.InvariantCulture)}";

    public static SourceDto ToDto(this Source s) => new()
    {
        Url = s.Url, Citation = s.Citation, File = s.File, Kind = s.Kind, Publisher = s.Publisher, Title = s.Title, Date = s.PublishedOn, Carrier = s.Carrier,
    };
}
