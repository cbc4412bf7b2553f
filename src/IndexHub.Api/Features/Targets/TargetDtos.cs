using IndexHub.Api.Infrastructure;
using IndexHub.Api.Domain.Targets;

namespace IndexHub.Api.Features.Targets;

/// <summary>A unit a target names: the province, or one of its own departments or districts.</summary>
public sealed record TargetUnitDto
{
    /// <example>79</example>
    public required string Code { get; init; }
    /// <example>Hồ Chí Minh</example>
    public required string Name { get; init; }
    /// <summary>The province whose own unit this is; null for a province.</summary>
    /// <example>null</example>
    public string? ProvinceCode { get; init; }
}

/// <summary>The agency that leads a target, as the source names it, and as a unit of the province's own where one is held.</summary>
public sealed record TargetOwnerDto
{
    /// <example>Sở Nội vụ TP.HCM</example>
    public required string Name { get; init; }
    /// <summary>The province's own unit (a department its PAR index ranks), where IndexHub holds one by that name.</summary>
    /// <example>null</example>
    public string? UnitCode { get; init; }
}

/// <summary>Where a target is stated.</summary>
public sealed record TargetSourceDto
{
    /// <example>Baoquocte.vn: TP Hồ Chí Minh nỗ lực cải thiện chỉ số cải cách hành chính</example>
    public required string Title { get; init; }
    /// <example>null</example>
    public string? Url { get; init; }
    /// <example>2024-05-10</example>
    public DateOnly? Date { get; init; }
    /// <summary>The source's words that set the goal.</summary>
    /// <example>mục tiêu Thành phố trong nhóm 10 -15 tỉnh, thành đứng đầu về các chỉ số cải cách hành chính đã được đặt ra từ đầu ... chưa đạt được chỉ tiêu vào nhóm 15 tỉnh, thành phố dẫn đầu cả nước đối với chỉ cải cách hành chính</example>
    public required string Quote { get; init; }
}

/// <summary>A figure an evaluation compared: its value, year and basis (published, computed over a complete cohort, derived, or the target's own figure).</summary>
public sealed record TargetFigureDto
{
    /// <example>33</example>
    public required decimal Value { get; init; }
    /// <example>2023</example>
    public required int Year { get; init; }
    /// <example>published</example>
    public required FigureBasis Basis { get; init; }
    /// <summary>For a derived figure: how it follows from published ones.</summary>
    /// <example>null</example>
    public string? Derivation { get; init; }
}

/// <summary>A target's standing in one year, computed from the results on every read; never stored.</summary>
public sealed record TargetProgressDto
{
    /// <example>2023</example>
    public required int Year { get; init; }
    /// <summary>met, notMet, pending (no result for the year is held yet) or notEvaluable (the reason says why).</summary>
    /// <example>notMet</example>
    public required ProgressStatus Status { get; init; }
    /// <example>33rd of 63, outside the top 15.</example>
    public required string Explanation { get; init; }
    /// <summary>The unit's figure compared.</summary>
    public TargetFigureDto? Actual { get; init; }
    /// <summary>What it was compared with: the goal's figure, the previous year's rank or score, or the national mean.</summary>
    public TargetFigureDto? Against { get; init; }
    /// <summary>True where the evaluation rests on a figure no source printed (derived from a stated change of places).</summary>
    /// <example>false</example>
    public required bool Derived { get; init; }
    /// <summary>What the source itself concluded, shown beside IndexHub's evaluation.</summary>
    /// <example>not met: 33rd of 63 in 2023</example>
    public string? EvaluationInSource { get; init; }
}

/// <summary>A goal a province set for an index result, who leads it, where it is stated, and how it stands.</summary>
public sealed record TargetDto
{
    /// <example>1</example>
    public required int Id { get; init; }
    public required TargetUnitDto Unit { get; init; }
    /// <example>PAR</example>
    public required string Index { get; init; }
    /// <summary>The component code, where the goal is for one (a PAR field) and IndexHub holds it.</summary>
    /// <example>null</example>
    public string? Component { get; init; }
    /// <summary>The component as the source names it.</summary>
    /// <example>null</example>
    public string? ComponentLabel { get; init; }
    /// <example>2023</example>
    public required int FromYear { get; init; }
    /// <example>2023</example>
    public required int ToYear { get; init; }
    /// <example>rankAtMost</example>
    public required TargetKind Kind { get; init; }
    /// <summary>N of rank_at_most, X of score_at_least.</summary>
    /// <example>15</example>
    public decimal? Threshold { get; init; }
    /// <summary>The target as the data file spells it.</summary>
    /// <example>rank_at_most:15</example>
    public required string Target { get; init; }
    /// <example>UBND TP.HCM</example>
    public required string SetBy { get; init; }
    public required TargetOwnerDto Owner { get; init; }
    public required TargetSourceDto Source { get; init; }
    /// <summary>What the source itself concluded, where it did.</summary>
    /// <example>not met: 33rd of 63 in 2023</example>
    public string? EvaluationInSource { get; init; }
    /// <summary>One entry per year asked about (each year of the range without year).</summary>
    public required IReadOnlyList<TargetProgressDto> Progress { get; init; }
    /// <summary>The target's revision: 1 when made, one more per change.</summary>
    /// <example>1</example>
    public required int Revision { get; init; }
    /// <summary>Shipped with IndexHub's data (true) or written through the API.</summary>
    /// <example>true</example>
    public required bool Shipped { get; init; }
    public required DateTime UpdatedAt { get; init; }
}

/// <summary>A province's targets, or an index's.</summary>
public sealed record TargetListDto : Page<TargetDto>
{
    /// <summary>The year asked about; null for every year of each target's range.</summary>
    /// <example>2023</example>
    public int? Year { get; init; }

    public static TargetListDto Of(int? year, IReadOnlyList<TargetDto> items) =>
        new() { Year = year, Items = items, PageNumber = 1, PageSize = Math.Max(items.Count, 1), TotalCount = items.Count };
}

/// <summary>A target as a revision left it.</summary>
public sealed record TargetRevisionDto
{
    /// <example>1</example>
    public required int Number { get; init; }
    /// <summary>ship (the shipped data), create, update or delete.</summary>
    /// <example>ship</example>
    public required string Operation { get; init; }
    public required DateTime At { get; init; }
    /// <example>shipped data</example>
    public required string Actor { get; init; }
    /// <summary>The target's fields after the revision.</summary>
    public required System.Text.Json.JsonElement State { get; init; }
}
