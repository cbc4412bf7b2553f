namespace IndexHub.Api.Persistence.Entities;

/// <summary>How an index's figures are expressed.</summary>
public enum ScaleUnit
{
    Points,
    Percent,
    Ratio,
}

/// <summary>A governance index: PAR, SIPAS, PCI, PAPI, DTI, DDCI.</summary>
public sealed class IndexDefinition
{
    public int Id { get; set; }
    public required string Code { get; set; }
    public required string NameVi { get; set; }
    public required string NameEn { get; set; }
    public required string Publisher { get; set; }
    public required string Description { get; set; }
    public decimal ScaleMin { get; set; }
    public decimal ScaleMax { get; set; }
    public ScaleUnit ScaleUnit { get; set; }
    public bool HigherIsBetter { get; set; }
    /// <summary>Comma-separated <see cref="Domain.Geography.UnitType"/> names.</summary>
    public required string AssessedUnitTypes { get; set; }
    public List<IndexEdition> Editions { get; set; } = [];
    public List<IndexTier> Tiers { get; set; } = [];
    /// <summary>Years whose tables were published for another geography than the year's end (DTI 2024: the 34 provinces).</summary>
    public List<GeographyOverride> GeographyOverrides { get; set; } = [];
}

/// <summary>The day whose geography a year's table uses, where it is not the year's last day.</summary>
public sealed class GeographyOverride
{
    public int Id { get; set; }
    public int IndexId { get; set; }
    public int Year { get; set; }
    public DateOnly AsOf { get; set; }
    public required string Note { get; set; }
}

/// <summary>A period in which an index's method stayed the same; results compare only within one.</summary>
public sealed class IndexEdition
{
    public int Id { get; set; }
    public int IndexId { get; set; }
    public IndexDefinition Index { get; set; } = null!;
    public required string Code { get; set; }
    public required string Name { get; set; }
    /// <summary>Null where the first year is not known (each province starts its DDCI when it chooses).</summary>
    public int? FirstYear { get; set; }
    /// <summary>Null while the edition is current.</summary>
    public int? LastYear { get; set; }
    /// <summary>Where the edition's total has its own range (PAPI: 60 until 2017, 80 from 2018).</summary>
    public decimal? ScaleMin { get; set; }
    public decimal? ScaleMax { get; set; }
    public string? Note { get; set; }
    /// <summary>For a province's own index of its units (Hà Nội's PAR of its departments); null for national editions.</summary>
    public int? OwnerUnitId { get; set; }
    public AdministrativeUnit? OwnerUnit { get; set; }
    public List<IndexComponent> Components { get; set; } = [];
}

/// <summary>A part of an edition's score: a PAR field, a PCI sub-index, a PAPI dimension or sub-dimension.</summary>
public sealed class IndexComponent
{
    public int Id { get; set; }
    public int EditionId { get; set; }
    public required string Code { get; set; }
    public required string NameVi { get; set; }
    public required string NameEn { get; set; }
    /// <summary>What the publisher calls it: field, factor, sub-index, dimension, sub-dimension, pillar.</summary>
    public required string Kind { get; set; }
    public int Order { get; set; }
    public decimal? ScaleMin { get; set; }
    public decimal? ScaleMax { get; set; }
    public int? ParentId { get; set; }
    public IndexComponent? Parent { get; set; }
    /// <summary>Years within the edition when the component exists (PAPI SC52 until 2020, SC83 from 2019).</summary>
    public int? FirstYear { get; set; }
    public int? LastYear { get; set; }
    public string? Note { get; set; }
}

/// <summary>A named band that a publisher places units in (PCI tiers, PAPI quartile groups).</summary>
public sealed class IndexTier
{
    public int Id { get; set; }
    public int IndexId { get; set; }
    public required string Code { get; set; }
    public required string NameVi { get; set; }
    public required string NameEn { get; set; }
    public int Order { get; set; }
}
