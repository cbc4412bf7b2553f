using System.Globalization;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Persistence.Entities;

namespace IndexHub.Api.Features.Results;

public static class ResultShaping
{
    public static ResultRowDto ToRow(this ResultRead r) => new()
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
        Tier = r.TierCode is null ? null : new TierDtoRef { Code = r.TierCode, NameVi = r.TierNameVi!, NameEn = r.TierNameEn! },
        Change = r.ToChange(),
        Components = r.Components.Select(c => new ComponentScoreDto
        {
            Code = c.ComponentCode, NameVi = c.ComponentNameVi, NameEn = c.ComponentNameEn, Score = c.Score, Status = c.Status,
            PublishedRank = c.PublishedRank, ComputedRank = c.ComputedRank,
        }).ToList(),
        Conflict = r.HasConflict,
        Sources = r.Observations.Select(o => new ObservationDto
        {
            Metric = o.Metric, Score = o.Score, Rank = o.Rank, Note = o.Note, Status = o.Status, Quote = o.Quote, Components = o.Components,
            RankBasis = o.Rank is null ? null : o.RankBasis ?? RankBasis.Explicit,
            Source = o.Source ?? new SourceDto { Url = o.SourceUrl, Citation = o.SourceCitation, File = o.SourceFile, Kind = SourceKind.Press },
        }).ToList(),
    };

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
