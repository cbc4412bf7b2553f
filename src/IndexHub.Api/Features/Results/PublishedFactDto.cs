using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

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

public static class PublishedFacts
{
    public static Task<List<PublishedFactDto>> FactsAsync(this IndexHubDbContext db, IReadOnlyCollection<int> unitIds, int? year, CancellationToken ct) =>
        db.PublishedFacts
            .Where(f => unitIds.Contains(f.UnitId) && (year == null || f.Year == year))
            .OrderBy(f => f.Edition.Index.Code).ThenBy(f => f.Year).ThenBy(f => f.Kind)
            .Select(f => new PublishedFactDto
            {
                Index = f.Edition.Index.Code,
                Kind = f.Kind,
                Year = f.Year,
                ComparedToYear = f.ComparedToYear,
                Places = f.Places,
                Text = f.Text,
                Source = new SourceDto { Url = f.Source.Url, Citation = f.Source.Citation, File = f.Source.File },
            })
            .ToListAsync(ct);
}
