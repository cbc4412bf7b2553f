using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Results;

public sealed record IndexInfo(int Id, string Code, string NameEn, bool HigherIsBetter);

public sealed record EditionInfo(int Id, string Code, string Name, int? FirstYear, int? LastYear, int? OwnerUnitId);

/// <summary>Lookups shared by the result queries.</summary>
public static class ResultLookups
{
    public static async Task<IndexInfo?> FindIndexAsync(this IndexHubDbContext db, string code, CancellationToken ct)
    {
        var normalized = code.Trim().ToUpperInvariant();
        return await db.Indices.Where(i => i.Code == normalized)
            .Select(i => new IndexInfo(i.Id, i.Code, i.NameEn, i.HigherIsBetter))
            .SingleOrDefaultAsync(ct);
    }

    /// <summary>The 404 detail for an unknown index code, listing the codes that exist.</summary>
    public static async Task<string> UnknownIndexAsync(this IndexHubDbContext db, string code, CancellationToken ct)
    {
        var known = await db.Indices.OrderBy(i => i.Code).Select(i => i.Code).ToListAsync(ct);
        return $"No index has the code '{code}'. Known: {string.Join(", ", known)}.";
    }

    /// <summary>Index codes from a comma-separated list ("PAR,PCI"); an unknown one is a 400 naming the parameter.</summary>
    public static async Task<List<IndexInfo>> ParseIndicesAsync(this IndexHubDbContext db, string? list, string parameter, CancellationToken ct)
    {
        var all = await db.Indices.OrderBy(i => i.Code).Select(i => new IndexInfo(i.Id, i.Code, i.NameEn, i.HigherIsBetter)).ToListAsync(ct);
        if (string.IsNullOrWhiteSpace(list))
        {
            return all;
        }
        var wanted = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(c => c.ToUpperInvariant()).Distinct().ToList();
        var unknown = wanted.Where(w => all.All(i => i.Code != w)).ToList();
        if (unknown.Count > 0)
        {
            throw RequestValidationException.For(parameter, $"unknown index code(s): {string.Join(", ", unknown)}. Known: {string.Join(", ", all.Select(i => i.Code))}.");
        }
        return all.Where(i => wanted.Contains(i.Code)).ToList();
    }

    /// <summary>A cohort's statistics for one edition and year: computed (complete cohorts only) and published, each labelled.</summary>
    public static async Task<StatisticsDto> StatisticsAsync(this IndexHubDbContext db, int editionId, int cohortId, int year, int rowsHeld, int? cohortSize, CancellationToken ct)
    {
        var computed = await db.ComputedStatistics
            .Where(s => s.EditionId == editionId && s.CohortId == cohortId && s.Year == year && s.ComponentId == null && s.RegionId == null)
            .Select(s => new ComputedSummaryDto { Count = s.Count, Mean = s.Mean, Median = s.Median, Min = s.Min, Max = s.Max })
            .SingleOrDefaultAsync(ct);
        var published = await db.PublishedStatistics
            .Where(s => s.EditionId == editionId && s.Year == year && s.CohortId == cohortId && s.Scope != StatisticScope.Region)
            .OrderBy(s => s.Scope).ThenBy(s => s.Metric)
            .Select(s => new PublishedStatisticDto
            {
                Scope = s.Scope, Region = null, Metric = s.Metric, Value = s.Value, PublishedRank = s.PublishedRank, Note = s.Note,
                Source = new SourceDto { Url = s.Source.Url, Citation = s.Source.Citation, File = s.Source.File },
            })
            .ToListAsync(ct);
        return new StatisticsDto
        {
            Computed = computed,
            ComputedNote = computed is not null
                ? null
                : cohortSize is null
                    ? "Not computed: the publisher does not state how many units the cohort ranks."
                    : $"Not computed: {rowsHeld} of the cohort's {cohortSize} units are held; statistics are computed over complete data only.",
            Published = published,
        };
    }
}
