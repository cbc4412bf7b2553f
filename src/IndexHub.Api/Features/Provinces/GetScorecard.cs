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
    /// <example>Public Administration Reform Index</example>
    public required string IndexName { get; init; }
    /// <summary>Null where only a published statement is held (PCI 2022 for Cần Thơ).</summary>
    public ResultRowDto? Result { get; init; }
    /// <summary>The headline change of place on the previous year: from the two ranks where held, else as a source stated it.</summary>
    /// <example>25</example>
    public int? PlacesChange { get; init; }
    /// <summary>ranks (both years' ranks are held) or published statement.</summary>
    /// <example>ranks</example>
    public string? PlacesChangeBasis { get; init; }
    /// <example>51</example>
    public int? PreviousRank { get; init; }
    /// <example>26</example>
    public int? Rank { get; init; }
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
    public sealed record Result(ScorecardDto? Scorecard, string? NotFound);

    public sealed record Query(string Code, int? Year) : IQuery<Result>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Code).NotEmpty().MaximumLength(16);
            RuleFor(q => q.Year).YearWithinGeography();
        }
    }

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues, TimeProvider clock) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            // The unit as it was in the year asked about: 92 in 2022 is the Cần Thơ of before the merger.
            var date = query.Year is int y ? new DateOnly(y, 12, 31) : clock.Today();
            var (id, notFound) = catalogue.FindProvince(query.Code, date);
            if (id is not int unitId)
            {
                return new Result(null, notFound);
            }
            var held = catalogue.Units[unitId];
            var unit = new SeriesUnitDto { Code = held.Code, Name = held.Name, ValidFrom = held.ValidFrom, ValidTo = held.ValidTo, Relation = "self" };
            var year = query.Year
                ?? await db.Results.Where(r => r.UnitId == unitId && r.Cohort.Kind == CohortKind.Provinces).MaxAsync(r => (int?)r.Year, cancellationToken);
            if (year is null)
            {
                return new Result(new ScorecardDto
                {
                    Unit = unit, Year = date.Year, Indices = [],
                    Note = "No results are held for this unit. A province formed in 2025 has its history in its predecessors' series: GET /api/v1/provinces/{code}/results.",
                }, null);
            }

            var results = await db.ReadResultsAsync(catalogue, r => r.UnitId == unitId && r.Year == year && r.Cohort.Kind == CohortKind.Provinces, cancellationToken);
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
                var row = result?.ToRow();
                var statedChange = indexFacts.FirstOrDefault(f => f.Kind == PublishedFactKind.RankChange && f.ComparedToYear == year - 1);
                var fromRanks = row?.Change?.Places;
                entries.Add(new ScorecardEntryDto
                {
                    Index = index.Code,
                    IndexName = index.NameEn,
                    Result = row,
                    Rank = row?.Rank,
                    PreviousRank = row?.Change?.PreviousRank,
                    PlacesChange = fromRanks ?? statedChange?.Places,
                    PlacesChangeBasis = fromRanks is not null ? "ranks" : statedChange is not null ? "published statement" : null,
                    Components = Components(catalogue, result, index.Id, index.HigherIsBetter, year.Value, indexFacts),
                    PublishedStatements = indexFacts,
                    Targets = [.. targets[index.Code]],
                });
            }
            return new Result(new ScorecardDto { Unit = unit, Year = year.Value, Indices = entries }, null);
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
        card.Indices.Select(e => (IReadOnlyList<object?>)
        [
            card.Unit.Code, e.Result?.Unit.Name ?? card.Unit.Name, card.Year, e.Index, e.Result?.Score, e.Result?.Status, e.Rank, e.Result?.CohortSize,
            e.PreviousRank, e.PlacesChange, e.PlacesChangeBasis, e.Result?.Change?.Score, e.Result?.Change?.Comparable, e.Result?.Tier?.NameVi,
            e.Components.Count == 0 ? null : $"{e.Components.Count(c => c.AboveNationalMean == true)}/{e.Components.Count}",
        ]));
}
