using IndexHub.Api.Persistence.Entities;

namespace IndexHub.Api.Features.Results;

/// <summary>A statement a source made, kept as said: a rank change stated without the ranks, or "all 8 fields above the national average".</summary>
public sealed record PublishedFactDto
{
    /// <example>PCI</example>
    public required string Index { get; init; }
    /// <example>rankChange</example>
    public required PublishedFactKind Kind { get; init; }
    /// <example>2022</example>
    public required int Year { get; init; }
    /// <example>2021</example>
    public int? ComparedToYear { get; init; }
    /// <summary>Places gained (positive) or lost, as stated.</summary>
    /// <example>-7</example>
    public int? Places { get; init; }
    /// <summary>The source's words.</summary>
    /// <example>down 7 places on 2021</example>
    public required string Text { get; init; }
    public required SourceDto Source { get; init; }
}
