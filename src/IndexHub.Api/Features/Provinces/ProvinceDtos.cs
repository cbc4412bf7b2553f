using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Features.Regions;
using IndexHub.Api.Persistence.Entities;

namespace IndexHub.Api.Features.Provinces;

/// <summary>A province or centrally-run city as it was on the date asked about.</summary>
public sealed record ProvinceSummaryDto
{
    /// <summary>GSO code; reused across 2025, so it names this unit only within its validity.</summary>
    /// <example>92</example>
    public required string Code { get; init; }
    /// <summary>The Vietnamese name in force on the date asked about.</summary>
    /// <example>Cần Thơ</example>
    public required string NameVi { get; init; }
    /// <summary>The English name: the one in use where there is one (Hanoi, Ho Chi Minh City), else the name without diacritics.</summary>
    /// <example>Can Tho</example>
    public required string NameEn { get; init; }
    /// <example>Thành phố Cần Thơ</example>
    public required string FullName { get; init; }
    /// <example>Can Tho</example>
    public required string NameAscii { get; init; }
    /// <example>municipality</example>
    public required UnitType Type { get; init; }
    /// <summary>The socio-economic region; null for a province formed in 2025 from provinces of different regions.</summary>
    public RegionDto? Region { get; init; }
    /// <summary>First day of validity; null when it predates the geography held (2004).</summary>
    /// <example>null</example>
    public DateOnly? ValidFrom { get; init; }
    /// <summary>Last day of validity; null while in force.</summary>
    /// <example>2025-06-30</example>
    public DateOnly? ValidTo { get; init; }
}

/// <summary>One name a unit bore, and when.</summary>
public sealed record NameHistoryDto
{
    /// <example>Bắc Giang</example>
    public required string Name { get; init; }
    /// <example>Tỉnh Bắc Giang</example>
    public required string FullName { get; init; }
    /// <example>province</example>
    public required UnitType Type { get; init; }
    /// <example>null</example>
    public DateOnly? ValidFrom { get; init; }
    /// <example>2025-06-30</example>
    public DateOnly? ValidTo { get; init; }
}

/// <summary>A unit at the other end of a merge.</summary>
public sealed record LineageLinkDto
{
    /// <example>93</example>
    public required string Code { get; init; }
    /// <example>Hậu Giang</example>
    public required string Name { get; init; }
    /// <example>null</example>
    public DateOnly? ValidFrom { get; init; }
    /// <example>2025-06-30</example>
    public DateOnly? ValidTo { get; init; }
    /// <summary>What happened: the predecessor merged into the successor.</summary>
    /// <example>mergedInto</example>
    public required LineageKind Kind { get; init; }
    /// <example>2025-07-01</example>
    public required DateOnly Effective { get; init; }
    /// <example>Nghị quyết 202/2025/QH15</example>
    public required string LegalBasis { get; init; }
}

/// <summary>A province with its names over time, its lineage and its validity.</summary>
public sealed record ProvinceDetailDto
{
    /// <example>92</example>
    public required string Code { get; init; }
    /// <example>Cần Thơ</example>
    public required string NameVi { get; init; }
    /// <example>Can Tho</example>
    public required string NameEn { get; init; }
    /// <example>Thành phố Cần Thơ</example>
    public required string FullName { get; init; }
    /// <example>Can Tho</example>
    public required string NameAscii { get; init; }
    /// <example>municipality</example>
    public required UnitType Type { get; init; }
    public RegionDto? Region { get; init; }
    /// <example>2025-07-01</example>
    public DateOnly? ValidFrom { get; init; }
    /// <example>null</example>
    public DateOnly? ValidTo { get; init; }
    /// <summary>Other spellings that find this unit: those used by publishers, and English.</summary>
    /// <example>["TP. Cần Thơ","Can Tho"]</example>
    public required IReadOnlyList<string> Aliases { get; init; }
    public required IReadOnlyList<NameHistoryDto> NameHistory { get; init; }
    /// <summary>The units that merged into this one.</summary>
    public required IReadOnlyList<LineageLinkDto> Predecessors { get; init; }
    /// <summary>The units this one merged into.</summary>
    public required IReadOnlyList<LineageLinkDto> Successors { get; init; }
    /// <example>data/provinces_34.csv (dvhcvn 20250701 mapping; Nghị quyết 202/2025/QH15)</example>
    public required string Source { get; init; }
}

/// <summary>A department or district that a province ranks internally.</summary>
public sealed record SubUnitDto
{
    /// <example>01-so-noi-vu</example>
    public required string Code { get; init; }
    /// <example>Sở Nội vụ</example>
    public required string Name { get; init; }
    /// <example>So Noi vu</example>
    public required string NameAscii { get; init; }
    /// <example>department</example>
    public required UnitType Type { get; init; }
    /// <example>null</example>
    public DateOnly? ValidFrom { get; init; }
    /// <example>null</example>
    public DateOnly? ValidTo { get; init; }
    /// <example>data/hanoi_par_internal.csv (Tuổi trẻ Thủ đô, 20/02/2024)</example>
    public required string Source { get; init; }
}

/// <summary>The result of resolving a spelling to a province.</summary>
public sealed record NameMatchDto
{
    /// <example>TP.HCM</example>
    public required string Name { get; init; }
    /// <summary>The date the match was limited to; null when every period was considered.</summary>
    /// <example>2024-01-01</example>
    public DateOnly? AsOf { get; init; }
    /// <summary>matched (one unit), ambiguous (several: never guessed) or notFound.</summary>
    /// <example>matched</example>
    public required NameMatchOutcome Outcome { get; init; }
    public required IReadOnlyList<ProvinceSummaryDto> Candidates { get; init; }
}

/// <summary>What the provinces queries read from the database; shaped into DTOs for a date.</summary>
public sealed record UnitRow
{
    public int Id { get; init; }
    public required string Code { get; init; }
    public UnitType Type { get; init; }
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
    public required string Name { get; init; }
    public required string FullName { get; init; }
    public required string NameAscii { get; init; }
    public string? NameEn { get; init; }
    public RegionDto? Region { get; init; }
    public required string Source { get; init; }
    public required List<UnitNameRow> Names { get; init; }
}

public sealed record UnitNameRow
{
    public UnitNameKind Kind { get; init; }
    public required string Value { get; init; }
    public string? FullName { get; init; }
    public UnitType? Type { get; init; }
    public DateOnly? ValidFrom { get; init; }
    public DateOnly? ValidTo { get; init; }
}
