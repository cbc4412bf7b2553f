using IndexHub.Api.Domain.Targets;

namespace IndexHub.Api.Persistence.Entities;

/// <summary>
/// A goal a province set for an index result, who set it, the agency that leads it, and the source that says so. Progress is
/// never stored: it is computed from the results on every read. A deleted target is kept (DeletedAt) so that the shipped
/// data does not bring it back and its revisions stay readable.
/// </summary>
public sealed class Target
{
    public int Id { get; set; }
    /// <summary>For a shipped target, its natural key in the shipped file (province|index|component|year|target); null for one written through the API.</summary>
    public string? ShippedKey { get; set; }
    /// <summary>The unit the goal is for: a province as it was in the first year, or a province's own department or district.</summary>
    public int UnitId { get; set; }
    public int IndexId { get; set; }
    /// <summary>The component, where the goal is for one (a PAR field); null for the index total.</summary>
    public int? ComponentId { get; set; }
    /// <summary>The component as the source names it ("Xây dựng và Phát triển Chính phủ điện tử, Chính phủ số").</summary>
    public string? ComponentLabel { get; set; }
    public int FromYear { get; set; }
    public int ToYear { get; set; }
    public TargetKind Kind { get; set; }
    /// <summary>N of rank_at_most, X of score_at_least.</summary>
    public decimal? Threshold { get; set; }
    /// <summary>Who set the goal ("UBND TP.HCM").</summary>
    public required string SetBy { get; set; }
    /// <summary>The agency that leads it, as the source names it.</summary>
    public required string Owner { get; set; }
    /// <summary>The agency as a unit of the province's own (a department its PAR index ranks), where one is held.</summary>
    public int? OwnerUnitId { get; set; }
    public required string SourceTitle { get; set; }
    public string? SourceUrl { get; set; }
    public DateOnly? SourceDate { get; set; }
    /// <summary>The source's own words that set the goal.</summary>
    public required string Quote { get; set; }
    /// <summary>What the source itself concluded about the goal, where it did ("not met: 33rd of 63 in 2023").</summary>
    public string? EvaluationInSource { get; set; }
    /// <summary>Counts the target's revisions: 1 when made, one more per change; its ETag.</summary>
    public int Revision { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }
    public DateTime? DeletedAt { get; set; }
}

/// <summary>A target as one revision left it (create, update, delete or ship), with who wrote it.</summary>
public sealed class TargetRevision
{
    public int Id { get; set; }
    public int TargetId { get; set; }
    public int Number { get; set; }
    /// <summary>create, update, delete or ship.</summary>
    public required string Operation { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }
    public int? ApiKeyId { get; set; }
    public string? RequestId { get; set; }
    /// <summary>The target's fields after the revision (JSON).</summary>
    public required string State { get; set; }
}
