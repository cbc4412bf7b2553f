using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence.Entities;

namespace IndexHub.Api.Features.Results;

/// <summary>The unit a figure is about, named as it was in the figure's year.</summary>
public sealed record UnitRefDto
{
    /// <example>79</example>
    public required string Code { get; init; }
    /// <example>Hồ Chí Minh</example>
    public required string Name { get; init; }
    /// <example>municipality</example>
    public required UnitType Type { get; init; }
    /// <summary>The unit's socio-economic region, where it has one.</summary>
    /// <example>southeast</example>
    public string? Region { get; init; }
}

/// <summary>Where a figure was published.</summary>
public sealed record SourceDto
{
    /// <example>https://en.sggp.org.vn/hcmc-chairman-requests-specific-plans-to-improve-par-index-post109862.html</example>
    public string? Url { get; init; }
    /// <summary>The citation, where the source has no URL.</summary>
    /// <example>null</example>
    public string? Citation { get; init; }
    /// <summary>The shipped file the figure was read from; "import" for a table written through the API.</summary>
    /// <example>datapoints.csv</example>
    public required string File { get; init; }
    /// <summary>publisher, official, press or secondary: where sources disagree, the result shows the figure of the first kind.</summary>
    /// <example>press</example>
    public required SourceKind Kind { get; init; }
    /// <example>null</example>
    public string? Publisher { get; init; }
    /// <example>null</example>
    public string? Title { get; init; }
    /// <summary>The day the source was published, where known.</summary>
    /// <example>null</example>
    public DateOnly? Date { get; init; }
    /// <summary>Where the figures were taken from when that is not the source itself (a repository that compiles a publisher's tables).</summary>
    /// <example>null</example>
    public string? Carrier { get; init; }
}

/// <summary>What one source said about a figure; several sources are all kept.</summary>
public sealed record ObservationDto
{
    /// <example>score_pct</example>
    public required string Metric { get; init; }
    /// <example>86.97</example>
    public decimal? Score { get; init; }
    /// <example>33</example>
    public int? Rank { get; init; }
    /// <example>all 8 areas above national average</example>
    public string? Note { get; init; }
    /// <summary>How the source gave the rank: explicit (a published rank), listingOrder or scoreOrderInPublishedTop10 (an order, not a printed rank); null where it gives none.</summary>
    /// <example>explicit</example>
    public RankBasis? RankBasis { get; init; }
    /// <summary>Why the source gives no score, where it says so (notPublished, withheld, ...).</summary>
    /// <example>null</example>
    public ValueStatus? Status { get; init; }
    /// <summary>The source's own words stating the figure.</summary>
    /// <example>null</example>
    public string? Quote { get; init; }
    /// <summary>The components this source states, by code.</summary>
    public IReadOnlyDictionary<string, decimal?>? Components { get; init; }
    public required SourceDto Source { get; init; }
}

/// <summary>The change on the same unit's figure of the year before.</summary>
public sealed record ChangeDto
{
    /// <example>2022</example>
    public required int PreviousYear { get; init; }
    /// <example>84.70</example>
    public decimal? PreviousScore { get; init; }
    /// <example>36</example>
    public int? PreviousRank { get; init; }
    /// <summary>Score now minus score then.</summary>
    /// <example>2.27</example>
    public decimal? Score { get; init; }
    /// <summary>Places gained (positive) or lost (negative).</summary>
    /// <example>3</example>
    public int? Places { get; init; }
    /// <summary>False where the edition or the cohort changed between the two years: the numbers are shown, but not on one basis.</summary>
    /// <example>true</example>
    public required bool Comparable { get; init; }
    /// <example>null</example>
    public string? Reason { get; init; }
}

/// <summary>A component's score in a result; its names are in the answer's <c>names</c> block (or GET /api/v1/indices/{code}).</summary>
public sealed record ComponentScoreDto
{
    /// <example>d1_participation</example>
    public required string Code { get; init; }
    /// <example>5.3435</example>
    public decimal? Score { get; init; }
    /// <example>published</example>
    public required ValueStatus Status { get; init; }
    /// <example>null</example>
    public int? PublishedRank { get; init; }
    /// <example>13</example>
    public int? ComputedRank { get; init; }
}

/// <summary>
/// One row of a ranking table: codes and figures. The unit is always there; the other properties are there unless
/// <c>fields=</c> leaves them out, and <see cref="Components"/> and <see cref="Sources"/> only with <c>include=</c>.
/// </summary>
public sealed record ResultRowDto : IFieldSelectable
{
    public required UnitRefDto Unit { get; init; }
    /// <example>2023</example>
    public int Year { get; init; }
    /// <summary>The edition's code; its name is in the answer's names block.</summary>
    /// <example>PAPI-2018</example>
    public string Edition { get; init; } = "";
    /// <summary>The cohort's code; its name is in the answer's names block.</summary>
    /// <example>provinces-63</example>
    public string Cohort { get; init; } = "";
    /// <summary>Null when absent; the status says why (never zero).</summary>
    /// <example>46.0415</example>
    public decimal? Score { get; init; }
    /// <example>published</example>
    public ValueStatus Status { get; init; }
    /// <summary>The rank shown: the published one where given, else the computed one.</summary>
    /// <example>1</example>
    public int? Rank { get; init; }
    /// <summary>published or computed: where <see cref="Rank"/> comes from.</summary>
    /// <example>published</example>
    public string? RankBasis { get; init; }
    /// <example>1</example>
    public int? PublishedRank { get; init; }
    /// <summary>Competition rank (1, 2, 2, 4) computed by IndexHub, only over a complete cohort.</summary>
    /// <example>1</example>
    public int? ComputedRank { get; init; }
    /// <summary>How many units the cohort ranks; null where the publisher does not say.</summary>
    /// <example>63</example>
    public int? CohortSize { get; init; }
    /// <summary>Rank out of the cohort, as portals print it.</summary>
    /// <example>1/63</example>
    public string? RankLabel { get; init; }
    /// <summary>Share of the cohort ranked below, 0 (last) to 100 (first).</summary>
    /// <example>100</example>
    public decimal? Percentile { get; init; }
    /// <summary>The tier's code, where the index groups units into tiers; its names are in the names block.</summary>
    /// <example>null</example>
    public string? Tier { get; init; }
    /// <summary>The change on the unit's figure of the year before; null where that year is not held.</summary>
    public ChangeDto? Change { get; init; }
    /// <summary>True when sources disagree on this figure; every source's figure is in <see cref="Sources"/> (include=sources).</summary>
    /// <example>false</example>
    public bool Conflict { get; init; }
    /// <summary>The component scores, in the index's order (include=components).</summary>
    [OmittedUnlessIncluded]
    public IReadOnlyList<ComponentScoreDto>? Components { get; init; }
    /// <summary>What each source said, the source whose figure is shown first (include=sources).</summary>
    [OmittedUnlessIncluded]
    public IReadOnlyList<ObservationDto>? Sources { get; init; }

    [System.Text.Json.Serialization.JsonIgnore]
    public IReadOnlySet<string>? SelectedFields { get; init; }
}

/// <summary>An index, named.</summary>
public sealed record IndexNameDto
{
    /// <example>PAPI</example>
    public required string Code { get; init; }
    /// <example>Chỉ số hiệu quả quản trị và hành chính công cấp tỉnh</example>
    public required string NameVi { get; init; }
    /// <example>Provincial Governance and Public Administration Performance Index</example>
    public required string NameEn { get; init; }
}

/// <summary>An edition, named.</summary>
public sealed record EditionNameDto
{
    /// <example>PAPI-2018</example>
    public required string Code { get; init; }
    /// <example>PAPI</example>
    public required string Index { get; init; }
    /// <example>PAPI with 8 dimensions (total 8-80)</example>
    public required string Name { get; init; }
}

/// <summary>A cohort, named.</summary>
public sealed record CohortNameDto
{
    /// <example>provinces-63</example>
    public required string Code { get; init; }
    /// <example>The 63 provinces</example>
    public required string Name { get; init; }
    /// <example>63</example>
    public int? Size { get; init; }
}

/// <summary>A component of an edition, named.</summary>
public sealed record ComponentNameDto
{
    /// <example>d1_participation</example>
    public required string Code { get; init; }
    /// <example>PAPI-2018</example>
    public required string Edition { get; init; }
    /// <summary>The component it is part of; null for a top-level component.</summary>
    /// <example>null</example>
    public string? Parent { get; init; }
    /// <example>Tham gia của người dân ở cấp cơ sở</example>
    public required string NameVi { get; init; }
    /// <example>Participation at local levels</example>
    public required string NameEn { get; init; }
}

/// <summary>A tier of an index, named.</summary>
public sealed record TierNameDto
{
    /// <example>PAPI</example>
    public required string Index { get; init; }
    /// <example>q1</example>
    public required string Code { get; init; }
    /// <example>Nhóm điểm cao nhất</example>
    public required string NameVi { get; init; }
    /// <example>Highest quartile</example>
    public required string NameEn { get; init; }
}

/// <summary>The names of what an answer's rows refer to by code, once per answer.</summary>
public sealed record ResultNamesDto
{
    public required IReadOnlyList<IndexNameDto> Indices { get; init; }
    public required IReadOnlyList<EditionNameDto> Editions { get; init; }
    public required IReadOnlyList<CohortNameDto> Cohorts { get; init; }
    /// <summary>Every component of the editions named, in the index's order, whether or not the rows carry them.</summary>
    public required IReadOnlyList<ComponentNameDto> Components { get; init; }
    public required IReadOnlyList<TierNameDto> Tiers { get; init; }
}

/// <summary>Mean, median, min and max computed by IndexHub over a complete cohort's published scores.</summary>
public sealed record ComputedSummaryDto
{
    /// <example>61</example>
    public required int Count { get; init; }
    /// <example>42.4212</example>
    public required decimal Mean { get; init; }
    /// <example>42.3265</example>
    public required decimal Median { get; init; }
    /// <example>38.9711</example>
    public required decimal Min { get; init; }
    /// <example>46.0415</example>
    public required decimal Max { get; init; }
    /// <example>computed by IndexHub over the complete cohort's published scores</example>
    public string Basis => "computed by IndexHub over the complete cohort's published scores";
    /// <summary>Units of the cohort whose score is stated not to exist (not published, withheld, ...), left out of the figures.</summary>
    /// <example>2</example>
    public int WithoutScore { get; init; }
}

/// <summary>A statistic as a publisher printed it.</summary>
public sealed record PublishedStatisticDto
{
    /// <example>national</example>
    public required StatisticScope Scope { get; init; }
    /// <example>null</example>
    public string? Region { get; init; }
    /// <summary>The metric as the source names it.</summary>
    /// <example>mean_total</example>
    public required string Metric { get; init; }
    /// <example>42.3265</example>
    public required decimal Value { get; init; }
    /// <example>null</example>
    public int? PublishedRank { get; init; }
    /// <example>null</example>
    public string? Note { get; init; }
    public required SourceDto Source { get; init; }
}

/// <summary>A cohort's statistics: computed ones (only over complete data) and published ones, each labelled.</summary>
public sealed record StatisticsDto
{
    /// <summary>Null where the cohort is not complete; <see cref="ComputedNote"/> says why.</summary>
    public ComputedSummaryDto? Computed { get; init; }
    /// <example>null</example>
    public string? ComputedNote { get; init; }
    public required IReadOnlyList<PublishedStatisticDto> Published { get; init; }
}

/// <summary>A cohort: the units ranked together.</summary>
public sealed record CohortDto
{
    /// <example>provinces-63</example>
    public required string Code { get; init; }
    /// <example>The 63 provinces</example>
    public required string Name { get; init; }
    /// <example>63</example>
    public int? Size { get; init; }
    /// <summary>Rows held for this cohort and year.</summary>
    /// <example>63</example>
    public required int RowsHeld { get; init; }
    /// <summary>Rows with a score.</summary>
    /// <example>61</example>
    public required int ScoresHeld { get; init; }
    /// <summary>True when every unit of the cohort is held with its score settled (a score, or a statement that none exists): ranks and statistics are then computed too.</summary>
    /// <example>true</example>
    public required bool Complete { get; init; }
}

public sealed record EditionRefDto
{
    /// <example>PAPI-2018</example>
    public required string Code { get; init; }
    /// <example>PAPI with 8 dimensions (total 8-80)</example>
    public required string Name { get; init; }
}
