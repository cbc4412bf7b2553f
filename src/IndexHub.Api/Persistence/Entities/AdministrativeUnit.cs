using IndexHub.Api.Domain.Geography;

namespace IndexHub.Api.Persistence.Entities;

/// <summary>
/// A unit that an index ranks: a code with a validity period. The same code can name different
/// units at different dates, so <see cref="Key"/> (code and start) identifies a unit for good.
/// </summary>
public sealed class AdministrativeUnit
{
    public int Id { get; set; }
    /// <summary>Natural key: the code and the first day of validity ("24@2025-07-01", "27@start").</summary>
    public required string Key { get; set; }
    public required string Code { get; set; }
    public UnitType Type { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
    /// <summary>The latest name; <see cref="Names"/> holds the name of every period.</summary>
    public required string Name { get; set; }
    public required string FullName { get; set; }
    public required string NameAscii { get; set; }
    public string? NameEn { get; set; }
    public int? RegionId { get; set; }
    public Region? Region { get; set; }
    public int? ParentId { get; set; }
    public AdministrativeUnit? Parent { get; set; }
    public required string Source { get; set; }
    public List<UnitName> Names { get; set; } = [];
    public List<LineageEvent> SuccessorEvents { get; set; } = [];
    public List<LineageEvent> PredecessorEvents { get; set; } = [];
}

public enum UnitNameKind
{
    /// <summary>The official name in a period of the unit's history.</summary>
    Official,
    /// <summary>A spelling seen in index tables or in use (TP.HCM, BRVT, TT-Huế).</summary>
    Alias,
    /// <summary>The English name where one is in use.</summary>
    English,
    /// <summary>The name without diacritics.</summary>
    Ascii,
}

/// <summary>One name of a unit, with the key it is matched under.</summary>
public sealed class UnitName
{
    public int Id { get; set; }
    public int UnitId { get; set; }
    public UnitNameKind Kind { get; set; }
    public required string Value { get; set; }
    /// <summary>For official names: the full form ("Tỉnh Thừa Thiên Huế").</summary>
    public string? FullName { get; set; }
    /// <summary>For official names: the unit's type in that period (Huế became a centrally-run city in 2025).</summary>
    public UnitType? Type { get; set; }
    /// <summary><see cref="VietnameseNames.MatchKey"/> of the value; matching and search compare this.</summary>
    public required string MatchKey { get; set; }
    public DateOnly? ValidFrom { get; set; }
    public DateOnly? ValidTo { get; set; }
}

/// <summary>On <see cref="Effective"/>, <see cref="From"/> became part of <see cref="To"/>.</summary>
public sealed class LineageEvent
{
    public int Id { get; set; }
    public LineageKind Kind { get; set; }
    public int FromUnitId { get; set; }
    public AdministrativeUnit From { get; set; } = null!;
    public int ToUnitId { get; set; }
    public AdministrativeUnit To { get; set; } = null!;
    public DateOnly Effective { get; set; }
    public required string LegalBasis { get; set; }
}
