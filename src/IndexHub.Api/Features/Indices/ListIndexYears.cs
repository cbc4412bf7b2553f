using FluentValidation;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Indices;

/// <summary>One year of an index held for one cohort, and how much of the cohort is held.</summary>
public sealed record IndexYearDto
{
    /// <example>2023</example>
    public required int Year { get; init; }
    public required EditionRefDto Edition { get; init; }
    /// <example>provinces-63</example>
    public required string Cohort { get; init; }
    /// <example>63</example>
    public int? CohortSize { get; init; }
    /// <summary>Rows held, whatever their status.</summary>
    /// <example>63</example>
    public required int RowsHeld { get; init; }
    /// <summary>Rows with a score (scores held).</summary>
    /// <example>61</example>
    public required int Scored { get; init; }
    /// <summary>Rows whose score a source states does not exist (not published, withheld, ...): settled without a score.</summary>
    /// <example>2</example>
    public required int WithoutScore { get; init; }
    /// <summary>Rows with a published rank.</summary>
    /// <example>61</example>
    public required int PublishedRanks { get; init; }
    /// <summary>Rows held out of the cohort's size, 0-1; null where the size is not published.</summary>
    /// <example>1</example>
    public decimal? Coverage { get; init; }
    /// <summary>Scores held or stated not to exist, out of the cohort's size, 0-1.</summary>
    /// <example>1</example>
    public decimal? ScoreCoverage { get; init; }
    /// <summary>Every unit of the cohort is held and every score is held (or stated not to exist): only then are ranks and statistics computed.</summary>
    /// <example>true</example>
    public required bool Complete { get; init; }
}

/// <summary>An index's years and cohorts held, newest first.</summary>
public sealed record IndexYearsDto : Page<IndexYearDto>
{
    /// <example>PAPI</example>
    public required string Index { get; init; }
}

public static class ListIndexYears
{
    /// <param name="Code">The index code (any case).</param>
    public sealed record Query([ParameterExample("PAPI")] string Code) : IQuery<IndexYearsDto>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Code).NotEmpty().MaximumLength(16);
    }

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues) : IQueryHandler<Query, IndexYearsDto>
    {
        public async ValueTask<IndexYearsDto> Handle(Query query, CancellationToken cancellationToken)
        {
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            var index = catalogue.FindIndex(query.Code);
            if (index is null)
            {
                throw new NotFoundException(catalogue.UnknownIndex(query.Code));
            }
            var groups = await db.Results
                .Where(r => r.Edition.IndexId == index.Id)
                .GroupBy(r => new { r.Year, r.EditionId, EditionCode = r.Edition.Code, EditionName = r.Edition.Name, CohortCode = r.Cohort.Code, r.Cohort.Size })
                .Select(g => new
                {
                    g.Key, Rows = g.Count(), Scored = g.Count(r => r.Score != null),
                    Settled = g.Count(r => r.Score != null || r.Status != ValueStatus.NotInSource),
                    Ranked = g.Count(r => r.PublishedRank != null),
                })
                .ToListAsync(cancellationToken);
            var years = groups
                .OrderByDescending(g => g.Key.Year).ThenBy(g => g.Key.CohortCode, StringComparer.Ordinal)
                .Select(g => new IndexYearDto
                {
                    Year = g.Key.Year,
                    Edition = new EditionRefDto { Code = g.Key.EditionCode, Name = g.Key.EditionName },
                    Cohort = g.Key.CohortCode,
                    CohortSize = g.Key.Size,
                    RowsHeld = g.Rows,
                    Scored = g.Scored,
                    WithoutScore = g.Settled - g.Scored,
                    PublishedRanks = g.Ranked,
                    Coverage = g.Key.Size is int size && size > 0 ? Math.Round((decimal)g.Rows / size, 4) : null,
                    ScoreCoverage = g.Key.Size is int scoreSize && scoreSize > 0 ? Math.Round((decimal)g.Settled / scoreSize, 4) : null,
                    Complete = g.Key.Size == g.Rows && g.Settled == g.Rows,
                })
                .ToList();
            return new IndexYearsDto { Index = index.Code, Items = years, PageNumber = 1, PageSize = Math.Max(years.Count, 1), TotalCount = years.Count };
        }
    }

    public static CsvTable ToCsv(IndexYearsDto dto) => new(
        $"{dto.Index}_years.csv",
        ["year", "edition", "cohort", "cohort_size", "rows_held", "scored", "without_score", "published_ranks", "coverage", "score_coverage", "complete"],
        dto.Items.Select(y => (IReadOnlyList<object?>)[y.Year, y.Edition.Code, y.Cohort, y.CohortSize, y.RowsHeld, y.Scored, y.WithoutScore, y.PublishedRanks, y.Coverage, y.ScoreCoverage, y.Complete]));
}
