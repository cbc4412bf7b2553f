using IndexHub.Api.Persistence.Entities;

namespace IndexHub.Api.Features.Indices;

/// <summary>The range an index or component is scored on.</summary>
public sealed record ScaleDto
{
    /// <example>0</example>
    public required decimal Min { get; init; }
    /// <example>100</example>
    public required decimal Max { get; init; }
    /// <example>points</example>
    public required ScaleUnit Unit { get; init; }
}

/// <summary>A governance index with its editions and their components.</summary>
public sealed record IndexDto
{
    /// <example>PCI</example>
    public required string Code { get; init; }
    /// <example>Chỉ số năng lực cạnh tranh cấp tỉnh</example>
    public required string NameVi { get; init; }
    /// <example>Provincial Competitiveness Index</example>
    public required string NameEn { get; init; }
    /// <example>VCCI (Liên đoàn Thương mại và Công nghiệp Việt Nam), with USAID</example>
    public required string Publisher { get; init; }
    /// <example>10 sub-indices, each 0-10. 42 provinces in 2005, 64 in 2006-2007, 63 from 2008 to 2024. Since 2022 VCCI announces only the top 30 officially.</example>
    public required string Description { get; init; }
    public required ScaleDto Scale { get; init; }
    /// <example>true</example>
    public required bool HigherIsBetter { get; init; }
    /// <summary>The kinds of unit the index ranks.</summary>
    /// <example>["province","municipality"]</example>
    public required IReadOnlyList<string> AssessedUnitTypes { get; init; }
    /// <summary>Named bands the publisher places units in (PCI tiers, PAPI quartile groups), best first.</summary>
    public required IReadOnlyList<TierDto> Tiers { get; init; }
    /// <summary>Periods of one method, oldest first; results compare only within an edition.</summary>
    public required IReadOnlyList<EditionDto> Editions { get; init; }
}

public sealed record TierDto
{
    /// <example>very_good</example>
    public required string Code { get; init; }
    /// <example>Rất tốt</example>
    public required string NameVi { get; init; }
    /// <example>Very good</example>
    public required string NameEn { get; init; }
    /// <example>1</example>
    public required int Order { get; init; }
}

public sealed record EditionDto
{
    /// <example>PCI-2021</example>
    public required string Code { get; init; }
    /// <example>PCI with 10 sub-indices (business support policy renamed in 2021)</example>
    public required string Name { get; init; }
    /// <summary>Null where not known (DDCI: each province starts when it chooses).</summary>
    /// <example>2021</example>
    public int? FirstYear { get; init; }
    /// <summary>Null while current.</summary>
    /// <example>null</example>
    public int? LastYear { get; init; }
    /// <summary>The total's range where the edition has its own (PAPI: 6-60, then 8-80).</summary>
    /// <example>null</example>
    public decimal? ScaleMin { get; init; }
    /// <example>null</example>
    public decimal? ScaleMax { get; init; }
    /// <example>null</example>
    public string? Note { get; init; }
    public required IReadOnlyList<ComponentDto> Components { get; init; }
}

public sealed record ComponentDto
{
    /// <example>entry_costs</example>
    public required string Code { get; init; }
    /// <example>Gia nhập thị trường</example>
    public required string NameVi { get; init; }
    /// <example>Entry costs</example>
    public required string NameEn { get; init; }
    /// <summary>What the publisher calls it: field, factor, sub-index, dimension, sub-dimension, pillar.</summary>
    /// <example>sub-index</example>
    public required string Kind { get; init; }
    /// <example>1</example>
    public required int Order { get; init; }
    /// <example>0</example>
    public decimal? ScaleMin { get; init; }
    /// <example>10</example>
    public decimal? ScaleMax { get; init; }
    /// <summary>The component this one is part of (a PAPI sub-dimension's dimension).</summary>
    /// <example>null</example>
    public string? ParentCode { get; init; }
    /// <summary>Years within the edition when the component exists, where narrower than the edition.</summary>
    /// <example>null</example>
    public int? FirstYear { get; init; }
    /// <example>null</example>
    public int? LastYear { get; init; }
    /// <example>null</example>
    public string? Note { get; init; }
}
