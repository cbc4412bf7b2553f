namespace IndexHub.Api.Persistence.Entities;

/// <summary>A socio-economic region (vùng kinh tế - xã hội) under Nghị quyết 81/2023/QH15.</summary>
public sealed class Region
{
    public int Id { get; set; }
    /// <summary>Stable identifier, from the English name: "red-river-delta".</summary>
    public required string Code { get; set; }
    public int Order { get; set; }
    public required string NameVi { get; set; }
    public required string NameEn { get; set; }
    public required string LegalBasis { get; set; }
}
