using IndexHub.Api.Domain.Results;

namespace IndexHub.Api.Persistence.Entities;

public enum CohortKind
{
    /// <summary>The provinces of a period, ranked together nationally (64, 63 or 34).</summary>
    Provinces,
    /// <summary>One province's departments.</summary>
    Departments,
    /// <summary>One province's districts.</summary>
    Districts,
    /// <summary>Communes ranked together (the commune-scale data of bench/IndexHub.Synthetic; none is shipped).</summary>
    Communes,
}

/// <summary>The set of units ranked together. Its size is part of every rank ("33/63").</summary>
public sealed class Cohort
{
    public int Id { get; set; }
    /// <summary>"provinces-63", "01-departments".</summary>
    public required string Code { get; set; }
    public required string Name { get; set; }
    public CohortKind Kind { get; set; }
    /// <summary>How many units the cohort ranks; null where the publisher does not say (Hà Nội ranks "about 20" departments).</summary>
    public int? Size { get; set; }
    /// <summary>The province that ranks its own units; null for national cohorts.</summary>
    public int? OwnerUnitId { get; set; }
    public AdministrativeUnit? OwnerUnit { get; set; }
}

/// <summary>Where a figure was published.</summary>
public sealed class Source
{
    public int Id { get; set; }
    /// <summary>Natural key: the URL, or the citation where there is none.</summary>
    public required string Key { get; set; }
    public string? Url { get; set; }
    /// <summary>A citation where there is no URL ("Baoquocte.vn, 10/05/2024: ...").</summary>
    public string? Citation { get; set; }
    /// <summary>The shipped file the figure was read from; "import" for a table written through the API.</summary>
    public required string File { get; set; }
    /// <summary>Publisher, official portal, press or secondary data set: decides which figure leads where sources disagree.</summary>
    public SourceKind Kind { get; set; } = SourceKind.Press;
    /// <summary>Who published the source (VCCI; CECODES, RTA and UNDP; Báo Nhân Dân).</summary>
    public string? Publisher { get; set; }
    public string? Title { get; set; }
    public DateOnly? PublishedOn { get; set; }
    /// <summary>Where the figures were taken from when that is not the source itself (a repository that compiles a publisher's tables).</summary>
    public string? Carrier { get; set; }
}

/// <summary>One unit's figure for one index edition, cohort and year, with its ranks and change on the year before.</summary>
public sealed class Result
{
    public int Id { get; set; }
    public int EditionId { get; set; }
    public IndexEdition Edition { get; set; } = null!;
    public int CohortId { get; set; }
    public Cohort Cohort { get; set; } = null!;
    public int UnitId { get; set; }
    public AdministrativeUnit Unit { get; set; } = null!;
    public int Year { get; set; }
    public decimal? Score { get; set; }
    public ValueStatus Status { get; set; }
    /// <summary>The rank as the source gives it, out of the whole cohort even where the table is partial.</summary>
    public int? PublishedRank { get; set; }
    /// <summary>Competition rank (1, 2, 2, 4), computed only where the whole cohort's figures are at hand.</summary>
    public int? ComputedRank { get; set; }
    /// <summary>Share of the cohort ranked below, 0-100; from the published rank, else the computed one.</summary>
    public decimal? Percentile { get; set; }
    public int? TierId { get; set; }
    public IndexTier? Tier { get; set; }
    /// <summary>The previous year's result of the same unit and index, if held.</summary>
    public int? PreviousResultId { get; set; }
    public Result? PreviousResult { get; set; }
    public decimal? ScoreChange { get; set; }
    /// <summary>Places gained on the previous year (positive is up).</summary>
    public int? RankChange { get; set; }
    /// <summary>False where the previous year belongs to another edition or cohort.</summary>
    public bool? Comparable { get; set; }
    public string? ComparabilityNote { get; set; }
    /// <summary>Sources disagree on the score or the rank; every one is kept.</summary>
    public bool HasConflict { get; set; }
    /// <summary>The revision that created the row; null for the shipped data.</summary>
    public int? CreatedRevisionId { get; set; }
    /// <summary>The revision that last changed the row (its figures or what is derived from them).</summary>
    public int? LastRevisionId { get; set; }
    public List<ResultComponent> Components { get; set; } = [];
    public List<ResultObservation> Observations { get; set; } = [];
}

/// <summary>A component score of a result (a PCI sub-index, a PAPI dimension).</summary>
public sealed class ResultComponent
{
    public int Id { get; set; }
    public int ResultId { get; set; }
    public int ComponentId { get; set; }
    public IndexComponent Component { get; set; } = null!;
    public decimal? Score { get; set; }
    public ValueStatus Status { get; set; }
    public int? PublishedRank { get; set; }
    public int? ComputedRank { get; set; }
}

/// <summary>
/// What one source states about a result: every source's statement is kept, and the result shows the figures chosen
/// from them by precedence (<see cref="Domain.Results.Precedence"/>). A null field is one the source does not state.
/// </summary>
public sealed class ResultObservation
{
    public int Id { get; set; }
    public int ResultId { get; set; }
    public int SourceId { get; set; }
    public Source Source { get; set; } = null!;
    /// <summary>The metric as the file names it (score_pct, rank_only, total_score); "import" for a table written through the API.</summary>
    public required string Metric { get; set; }
    public decimal? Score { get; set; }
    /// <summary>An explicit statement that no score exists (not published, withheld, ...); null where the source states a score or nothing.</summary>
    public ValueStatus? Status { get; set; }
    public int? Rank { get; set; }
    /// <summary>How the rank was stated; null is an explicit (published) rank.</summary>
    public RankBasis? RankBasis { get; set; }
    public int? TierId { get; set; }
    public string? Note { get; set; }
    /// <summary>The source's words that state the figure.</summary>
    public string? Quote { get; set; }
    /// <summary>The revision that last stated the score or status; 0 for the shipped data. Among sources of one kind, the latest statement of a figure leads.</summary>
    public int Sequence { get; set; }
    /// <summary>The revision that last stated the rank.</summary>
    public int RankSequence { get; set; }
    /// <summary>The revision that last stated the tier.</summary>
    public int TierSequence { get; set; }
    public List<ObservationComponent> Components { get; set; } = [];
}

/// <summary>What one source states of one component of a result.</summary>
public sealed class ObservationComponent
{
    public int Id { get; set; }
    public int ObservationId { get; set; }
    public int ComponentId { get; set; }
    public decimal? Score { get; set; }
    /// <summary>An explicit statement that the component has no score (N/A, not published).</summary>
    public ValueStatus? Status { get; set; }
    public int? Rank { get; set; }
    /// <summary>The revision that last stated this component's figure; 0 for the shipped data.</summary>
    public int Sequence { get; set; }
}

public enum StatisticScope
{
    /// <summary>A figure for the whole country (PAPI's national score, SIPAS's national mean).</summary>
    National,
    /// <summary>A socio-economic region's mean.</summary>
    Region,
    /// <summary>The mean of a cohort's units as the publisher states it.</summary>
    Cohort,
}

/// <summary>A statistic printed by a publisher: data with a source, never recomputed.</summary>
public sealed class PublishedStatistic
{
    public int Id { get; set; }
    public int EditionId { get; set; }
    public IndexEdition Edition { get; set; } = null!;
    public int? CohortId { get; set; }
    public Cohort? Cohort { get; set; }
    public int Year { get; set; }
    public StatisticScope Scope { get; set; }
    public int? RegionId { get; set; }
    public Region? Region { get; set; }
    /// <summary>The metric as the file names it (mean_pct, regional_mean_pct, national_dti).</summary>
    public required string Metric { get; set; }
    public decimal Value { get; set; }
    public int? PublishedRank { get; set; }
    public int SourceId { get; set; }
    public Source Source { get; set; } = null!;
    public string? Note { get; set; }
    /// <summary>The revision that stated it; null for the shipped data.</summary>
    public int? CreatedRevisionId { get; set; }
    /// <summary>The revision that replaced its value (the row is then kept for reads at earlier revisions); null while current.</summary>
    public int? ReplacedRevisionId { get; set; }
}

/// <summary>A statistic computed by IndexHub over a complete cohort, kept apart from published ones.</summary>
public sealed class ComputedStatistic
{
    public int Id { get; set; }
    public int EditionId { get; set; }
    public int CohortId { get; set; }
    public int Year { get; set; }
    /// <summary>Null for the total score.</summary>
    public int? ComponentId { get; set; }
    /// <summary>Null for the whole cohort.</summary>
    public int? RegionId { get; set; }
    public int Count { get; set; }
    public decimal Mean { get; set; }
    public decimal Median { get; set; }
    public decimal Min { get; set; }
    public decimal Max { get; set; }
}

public enum PublishedFactKind
{
    /// <summary>A change of rank stated without the ranks themselves ("down 7 places on 2021").</summary>
    RankChange,
    /// <summary>"All 8 fields above the national average".</summary>
    AllComponentsAboveNationalMean,
}

/// <summary>A statement a source made that is not a figure of a table, kept as it was said.</summary>
public sealed class PublishedFact
{
    public int Id { get; set; }
    public PublishedFactKind Kind { get; set; }
    public int EditionId { get; set; }
    public IndexEdition Edition { get; set; } = null!;
    public int UnitId { get; set; }
    public AdministrativeUnit Unit { get; set; } = null!;
    public int Year { get; set; }
    public int? ComparedToYear { get; set; }
    /// <summary>Places gained (positive) or lost, as stated.</summary>
    public int? Places { get; set; }
    /// <summary>The words of the source.</summary>
    public required string Text { get; set; }
    public int SourceId { get; set; }
    public Source Source { get; set; } = null!;
}
