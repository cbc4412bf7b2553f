using FluentValidation;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Indices;

/// <summary>One region's mean, published where published, else computed over complete data.</summary>
public sealed record RegionMeanDto
{
    /// <example>mekong-river-delta</example>
    public required string Region { get; init; }
    /// <example>Đồng bằng sông Cửu Long</example>
    public required string NameVi { get; init; }
    /// <example>Mekong River Delta</example>
    public required string NameEn { get; init; }
    /// <example>85.42</example>
    public required decimal Mean { get; init; }
    /// <summary>published (a figure printed by the publisher) or computed (by IndexHub over the complete cohort).</summary>
    /// <example>published</example>
    public required string Basis { get; init; }
    /// <summary>Competition rank of the means (ties share a rank).</summary>
    /// <example>5</example>
    public required int Rank { get; init; }
    /// <summary>True when another region has the same mean.</summary>
    /// <example>true</example>
    public required bool Tied { get; init; }
    /// <summary>The rank the publisher printed, where it did.</summary>
    /// <example>null</example>
    public int? PublishedRank { get; init; }
    /// <summary>Provinces averaged, for computed means.</summary>
    /// <example>null</example>
    public int? Count { get; init; }
    /// <example>tied with Tây Nguyên</example>
    public string? Note { get; init; }
    public SourceDto? Source { get; init; }
    /// <summary>True when another source prints a different mean for the region; every such figure is in <see cref="OtherSources"/>.</summary>
    /// <example>false</example>
    public bool Conflict { get; init; }
    /// <summary>The same region's mean as other sources printed it (the mean shown is the leading source's).</summary>
    public IReadOnlyList<PublishedStatisticDto> OtherSources { get; init; } = [];
}

public sealed record RegionalPictureDto
{
    /// <example>PAR</example>
    public required string Index { get; init; }
    /// <example>2023</example>
    public required int Year { get; init; }
    /// <summary>Best first.</summary>
    public required IReadOnlyList<RegionMeanDto> Regions { get; init; }
    /// <summary>Why there are no regional means, where there are none.</summary>
    /// <example>null</example>
    public string? Note { get; init; }
}

public static class GetRegionalPicture
{
    /// <param name="Code">The index code (any case).</param>
    /// <param name="Year">The year (2004-2100); default the latest with a regional mean.</param>
    public sealed record Query(
        [ParameterExample("PAR")] string Code,
        [ParameterExample(2023)] int? Year) : IQuery<RegionalPictureDto>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Code).NotEmpty().MaximumLength(16);
            RuleFor(q => q.Year).YearWithinGeography();
        }
    }

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues) : IQueryHandler<Query, RegionalPictureDto>
    {
        public async ValueTask<RegionalPictureDto> Handle(Query query, CancellationToken cancellationToken)
        {
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            var index = catalogue.FindIndex(query.Code);
            if (index is null)
            {
                throw new NotFoundException(catalogue.UnknownIndex(query.Code));
            }
            var published = (await db.PublishedStatistics
                    .Where(s => s.Edition.IndexId == index.Id && s.Scope == StatisticScope.Region && s.ReplacedRevisionId == null)
                    .Select(s => new { s.Id, s.Year, s.Value, s.PublishedRank, s.Note, RegionId = s.RegionId!.Value, s.SourceId, s.CreatedRevisionId })
                    .ToListAsync(cancellationToken))
                .Select(s => new { s.Id, s.Year, s.Value, s.PublishedRank, s.Note, s.RegionId, Source = catalogue.Sources[s.SourceId], s.CreatedRevisionId })
                // Where two sources print a region's mean, the leading source's figure is shown and the other kept beside it.
                .OrderBy(s => s.Source.Kind).ThenBy(s => s.Id)
                .ToList();
            var computed = await db.ComputedStatistics
                .Where(s => s.RegionId != null && s.ComponentId == null && db.IndexEditions.Any(e => e.Id == s.EditionId && e.IndexId == index.Id))
                .Select(s => new { s.Year, s.Mean, s.Count, RegionId = s.RegionId!.Value })
                .ToListAsync(cancellationToken);
            var year = query.Year ?? published.Select(p => p.Year).Concat(computed.Select(c => c.Year)).DefaultIfEmpty().Max();
            var regions = await db.Regions.ToDictionaryAsync(r => r.Id, cancellationToken);

            var means = new List<(int RegionId, decimal Mean, string Basis, int? PublishedRank, int? Count, string? Note, SourceDto? Source)>();
            var publishedInYear = published.Where(p => p.Year == year).ToList();
            var others = publishedInYear.GroupBy(p => p.RegionId).ToDictionary(g => g.Key, g => g.Skip(1)
                .Select(o => new PublishedStatisticDto { Scope = StatisticScope.Region, Region = regions[o.RegionId].Code, Metric = "mean", Value = o.Value, PublishedRank = o.PublishedRank, Note = o.Note, Source = o.Source })
                .ToList());
            if (publishedInYear.Count > 0)
            {
                means.AddRange(publishedInYear.GroupBy(p => p.RegionId).Select(g => g.First())
                    .Select(p => (p.RegionId, p.Value, "published", p.PublishedRank, (int?)null, p.Note, (SourceDto?)p.Source)));
            }
            else
            {
                means.AddRange(computed.Where(c => c.Year == year).Select(c => (c.RegionId, c.Mean, "computed", (int?)null, (int?)c.Count, (string?)null, (SourceDto?)null)));
            }
            var ranks = Ranking.Competition(means.Select(m => (m.RegionId, m.Mean)), index.HigherIsBetter);
            var rows = means
                .OrderBy(m => ranks[m.RegionId]).ThenBy(m => regions[m.RegionId].Order)
                .Select(m => new RegionMeanDto
                {
                    Region = regions[m.RegionId].Code,
                    NameVi = regions[m.RegionId].NameVi,
                    NameEn = regions[m.RegionId].NameEn,
                    Mean = m.Mean,
                    Basis = m.Basis,
                    Rank = ranks[m.RegionId],
                    Tied = means.Count(o => o.Mean == m.Mean) > 1,
                    PublishedRank = m.PublishedRank,
                    Count = m.Count,
                    Note = m.Note,
                    Source = m.Source,
                    Conflict = others.GetValueOrDefault(m.RegionId)?.Any(o => o.Value != m.Mean) ?? false,
                    OtherSources = others.GetValueOrDefault(m.RegionId) ?? [],
                })
                .ToList();
            return new RegionalPictureDto
            {
                Index = index.Code,
                Year = year,
                Regions = rows,
                Note = rows.Count > 0 ? null : $"No regional means of {index.Code} for {year}: none is published, and no region's scores are all held to compute one from.",
            };
        }
    }

    public static CsvTable ToCsv(RegionalPictureDto picture) => new(
        $"{picture.Index}_{picture.Year}_regions.csv",
        ["year", "region", "name_vi", "name_en", "mean", "basis", "rank", "tied", "published_rank", "count", "source"],
        picture.Regions.Select(r => (IReadOnlyList<object?>)[picture.Year, r.Region, r.NameVi, r.NameEn, r.Mean, r.Basis, r.Rank, r.Tied, r.PublishedRank, r.Count, r.Source?.Url ?? r.Source?.Citation]));
}
