using FluentValidation;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Provinces;

/// <summary>A component against the national mean.</summary>
public sealed record ScorecardComponentDto
{
    /// <example>d2_transparency</example>
    public required string Code { get; init; }
    /// <example>Công khai, minh bạch trong việc ra quyết định ở địa phương</example>
    public required string NameVi { get; init; }
    /// <example>Transparency in local decision-making</example>
    public required string NameEn { get; init; }
    /// <example>4.7551</example>
    public decimal? Score { get; init; }
    /// <example>5.2545</example>
    public decimal? NationalMean { get; init; }
    /// <summary>Whether the unit is above the national mean; null where it cannot be said.</summary>
    /// <example>false</example>
    public bool? AboveNationalMean { get; init; }
    /// <summary>computed (IndexHub's mean over the complete cohort) or published statement (the source says so, without figures).</summary>
    /// <example>computed</example>
    public string? Basis { get; init; }
}

/// <summary>One index on a unit's scorecard.</summary>
public sealed record ScorecardEntryDto
{
    /// <example>PAR</example>
    public required string Index { get; init; }
    /// <example>Chỉ số cải cách hành chính</example>
    public required string IndexNameVi { get; init; }
    /// <example>Public Administration Reform Index</example>
    public required string IndexNameEn { get; init; }
    /// <summary>
    /// The unit's result: score, rank, and the change on the previous year in <c>change</c> (from both years' ranks). Null where only a
    /// published statement is held (PCI 2022 for Cần Thơ): a change stated without ranks is in <see cref="PublishedStatements"/> (kind rankChange).
    /// </summary>
    public ResultRowDto? Result { get; init; }
    public required IReadOnlyList<ScorecardComponentDto> Components { get; init; }
    public required IReadOnlyList<PublishedFactDto> PublishedStatements { get; init; }
    /// <summary>The unit's targets for this index and year, with their progress (GET /api/v1/provinces/{code}/targets).</summary>
    public IReadOnlyList<Targets.TargetDto> Targets { get; init; } = [];
}

public sealed record ScorecardDto
{
    public required SeriesUnitDto Unit { get; init; }
    /// <example>2022</example>
    public required int Year { get; init; }
    public required IReadOnlyList<ScorecardEntryDto> Indices { get; init; }
    /// <example>null</example>
    public string? Note { get; init; }
}

public static class GetScorecard
{
    /// <param name="Code">The province's 2-digit GSO code, read on the last day of year.</param>
    /// <param name="Year">The year (2004-2100); default the latest held for the province.</param>
    /// <param name="Include">What to add to each index's result row: components, sources (comma-separated). Default: none; the scorecard names its indices and components itself.</param>
    public sealed record Query(
        [ParameterExample("92")] string Code,
        [ParameterExample(2022)] int? Year,
        [ParameterExample("sources")] string? Include = null) : IQuery<ScorecardDto>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Code).NotEmpty().MaximumLength(16);
            RuleFor(q => q.Year).YearWithinGeography();
        }
    }

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues, TimeProvider clock) : IQueryHandler<Query, ScorecardDto>
    {
        public async ValueTask<ScorecardDto> Handle(Query query, CancellationToken cancellationToken)
        {
            // The scorecard names its indices and components itself; include= adds to each result row.
            var selection = ResultSelection.Parse(query.Include ?? "none", null);
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            // The unit as it was in the year asked about: 92 in 2022 is the Cần Thơ of before the merger.
            var date = query.Year is int y ? new DateOnly(y, 12, 31) : clock.Today();
            var unitId = catalogue.RequireProvince(query.Code, date);
            var held = catalogue.Units[unitId];
            var unit = new SeriesUnitDto { Code = held.Code, Name = held.Name, ValidFrom = held.ValidFrom, ValidTo = held.ValidTo, Relation = "self" };
            var year = query.Year
                ?? await db.Results.Where(r => r.UnitId == unitId && r.Cohort.Kind == CohortKind.Provinces).MaxAsync(r => (int?)r.Year, cancellationToken);
            if (year is null)
            {
                return new ScorecardDto
                {
                    Unit = unit, Year = date.Year, Indices = [],
                    Note = "No results are held for this unit. A province formed in 2025 has its history in its predecessors' series: GET /api/v1/provinces/{code}/results.",
                };
            }

            // The scorecard's own components are read always; the rows' sources where they show them.
            var results = await db.ReadResultsAsync(catalogue, r => r.UnitId == unitId && r.Year == year && r.Cohort.Kind == CohortKind.Provinces, cancellationToken,
                selection.Parts | ResultParts.Components);
            var facts = catalogue.Facts([unitId], year);
            var indices = catalogue.Indices;
            var targets = (await Targets.TargetReader.ReadAsync(db, catalogue, t => t.UnitId == unitId, year, cancellationToken)).ToLookup(t => t.Index);
            var entries = new List<ScorecardEntryDto>();
            foreach (var index in indices)
            {
                var result = results.FirstOrDefault(r => r.EditionIndexId == index.Id);
                var indexFacts = facts.Where(f => f.Index == index.Code).ToList();
                if (result is null && indexFacts.Count == 0)
                {
                    continue;
                }
                entries.Add(new ScorecardEntryDto
                {
                    Index = index.Code,
                    IndexNameVi = index.NameVi,
                    IndexNameEn = index.NameEn,
                    Result = result?.ToRow(selection),
                    Components = Components(catalogue, result, index.Id, index.HigherIsBetter, year.Value, indexFacts),
                    PublishedStatements = indexFacts,
                    Targets = [.. targets[index.Code]],
                });
            }
            return new ScorecardDto { Unit = unit, Year = year.Value, Indices = entries };
        }

        /// <summary>Each component against the national mean: IndexHub's over a complete cohort, or a source's statement.</summary>
        private static List<ScorecardComponentDto> Components(
            ReferenceCatalogue catalogue, ResultRead? result, int indexId, bool higherIsBetter, int year, List<PublishedFactDto> facts)
        {
            var statedAllAbove = facts.Any(f => f.Kind == PublishedFactKind.AllComponentsAboveNationalMean);
            var editionId = result?.EditionId ?? catalogue.EditionFor(indexId, year, null)?.Id;
            if (editionId is null)
            {
                return [];
            }
            var components = catalogue.Components.Values.Where(c => c.EditionId == editionId && c.ParentId == null && c.Years.Contains(year)).OrderBy(c => c.Order).ThenBy(c => c.Id);
            var means = result is null
                ? []
                : catalogue.ComputedStatistics[(result.EditionId, result.CohortId, year)]
                    .Where(s => s.ComponentId != null && s.RegionId == null)
                    .ToDictionary(s => s.ComponentId!.Value, s => s.Mean);
            var list = new List<ScorecardComponentDto>();
            foreach (var component in components)
            {
                var score = result?.Components.FirstOrDefault(c => c.ComponentId == component.Id)?.Score;
                decimal? mean = means.TryGetValue(component.Id, out var m) ? m : null;
                if (score is null && mean is null && !statedAllAbove)
                {
                    continue;
                }
                bool? above = score is not null && mean is not null ? (higherIsBetter ? score > mean : score < mean) : statedAllAbove ? true : null;
                list.Add(new ScorecardComponentDto
                {
                    Code = component.Code, NameVi = component.NameVi, NameEn = component.NameEn, Score = score, NationalMean = mean,
                    AboveNationalMean = above,
                    Basis = score is not null && mean is not null ? "computed" : statedAllAbove ? "published statement" : null,
                });
            }
            return list;
        }
    }

    public static CsvTable ToCsv(ScorecardDto card) => new(
        $"{card.Unit.Code}_{card.Year}_scorecard.csv",
        ["unit_code", "unit_name", "year", "index", "score", "status", "rank", "cohort_size", "previous_rank", "places_change", "places_change_basis",
            "score_change", "comparable", "tier", "components_above_national_mean"],
        card.Indices.Select(e =>
        {
            // The spreadsheet's one column of places: from both ranks where held, else as a source stated it.
            var stated = e.PublishedStatements.FirstOrDefault(f => f.Kind == PublishedFactKind.RankChange && f.ComparedToYear == card.Year - 1);
            var fromRanks = e.Result?.Change?.Places;
            return (IReadOnlyList<object?>)
            [
                card.Unit.Code, e.Result?.Unit.Name ?? card.Unit.Name, card.Year, e.Index, e.Result?.Score, e.Result?.Status, e.Result?.Rank, e.Result?.CohortSize,
                e.Result?.Change?.PreviousRank, fromRanks ?? stated?.Places, fromRanks is not null ? "ranks" : stated is not null ? "published statement" : null,
                e.Result?.Change?.Score, e.Result?.Change?.Comparable, e.Result?.Tier,
                e.Components.Count == 0 ? null : $"{e.Components.Count(c => c.AboveNationalMean == true)}/{e.Components.Count}",
            ];
        }));
}
