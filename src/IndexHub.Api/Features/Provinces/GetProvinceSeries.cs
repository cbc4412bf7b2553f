using FluentValidation;
using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Mediator;

namespace IndexHub.Api.Features.Provinces;

/// <summary>A unit in a series: the province asked about, or one of its predecessors.</summary>
public sealed record SeriesUnitDto
{
    /// <example>92</example>
    public required string Code { get; init; }
    /// <example>Cần Thơ</example>
    public required string Name { get; init; }
    /// <example>null</example>
    public DateOnly? ValidFrom { get; init; }
    /// <example>2025-06-30</example>
    public DateOnly? ValidTo { get; init; }
    /// <summary>self, or predecessor (a unit that merged into it, directly or earlier).</summary>
    /// <example>predecessor</example>
    public required string Relation { get; init; }
}

/// <summary>One unit's figures for one index over the years: never averaged with another unit's.</summary>
public sealed record SeriesDto
{
    public required SeriesUnitDto Unit { get; init; }
    /// <example>PAPI</example>
    public required string Index { get; init; }
    /// <summary>Oldest first.</summary>
    public required IReadOnlyList<ResultRowDto> Points { get; init; }
}

public sealed record ProvinceSeriesDto
{
    /// <summary>The province asked about, as it stands on asOf.</summary>
    public required SeriesUnitDto Province { get; init; }
    /// <summary>Its own series first, then each predecessor's, side by side and labelled.</summary>
    public required IReadOnlyList<SeriesDto> Series { get; init; }
    /// <summary>Statements the sources made about these units (rank changes given without ranks).</summary>
    public required IReadOnlyList<PublishedFactDto> PublishedStatements { get; init; }
    /// <summary>The names of the indices, editions, cohorts, components and tiers the points refer to by code (include=names, the default).</summary>
    [OmittedUnlessIncluded]
    public ResultNamesDto? Names { get; init; }
}

public static class GetProvinceSeries
{
    /// <param name="Code">The province's 2-digit GSO code, read on asOf (default today).</param>
    /// <param name="AsOf">A day (yyyy-MM-dd, 2004-01-01 to 2100-12-31). Codes and names are read as they were that day. Default: today in Vietnam.</param>
    /// <param name="Index">Index codes, comma-separated (PAR,SIPAS,PCI,PAPI,DTI,DDCI); default all.</param>
    /// <param name="From">First year (2004-2100).</param>
    /// <param name="To">Last year (2004-2100).</param>
    /// <param name="Include">What to add: names (the answer's block naming its indices, editions, cohorts, components and tiers), components (each row's component scores), sources (what each source said of each row); comma-separated, or none. Default: names.</param>
    /// <param name="Fields">Only these properties of each row (comma-separated; unit is always kept), e.g. score,rank,change. Default: every property. JSON only.</param>
    public sealed record Query(
        [ParameterExample("92")] string Code,
        [ParameterExample("2025-07-01")] DateOnly? AsOf,
        [ParameterExample("PAR,PAPI")] string? Index,
        [ParameterExample(2018)] int? From,
        [ParameterExample(2024)] int? To,
        [ParameterExample("names,components")] string? Include = null,
        [ParameterExample("year,score,rank")] string? Fields = null) : IQuery<ProvinceSeriesDto>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Code).NotEmpty().MaximumLength(16);
            RuleFor(q => q.AsOf).WithinGeography();
            RuleFor(q => q.Index).MaximumLength(100);
            RuleFor(q => q.From).YearWithinGeography();
            RuleFor(q => q.To).YearWithinGeography();
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null).WithMessage("must not be before from.");
        }
    }

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues, TimeProvider clock) : IQueryHandler<Query, ProvinceSeriesDto>
    {
        public async ValueTask<ProvinceSeriesDto> Handle(Query query, CancellationToken cancellationToken)
        {
            var selection = ResultSelection.Parse(query.Include, query.Fields);
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            var indices = catalogue.ParseIndices(query.Index, "index");
            var unitId = catalogue.RequireProvince(query.Code, query.AsOf ?? clock.Today());
            var ancestors = new Lineage(catalogue.Lineage).Ancestors(unitId);
            var unitIds = ancestors.Prepend(unitId).ToList();
            var units = catalogue.Units;
            SeriesUnitDto Label(int id) => new()
            {
                Code = units[id].Code, Name = units[id].Name, ValidFrom = units[id].ValidFrom, ValidTo = units[id].ValidTo,
                Relation = id == unitId ? "self" : "predecessor",
            };

            var indexIds = indices.Select(i => i.Id).ToList();
            var (from, to) = (query.From ?? CommonRules.EarliestDate.Year, query.To ?? CommonRules.LatestDate.Year);
            var rows = await db.ReadResultsAsync(catalogue, r =>
                unitIds.Contains(r.UnitId) && indexIds.Contains(r.Edition.IndexId) && r.Cohort.Kind == CohortKind.Provinces
                && r.Year >= from && r.Year <= to, cancellationToken, selection.Parts);
            var indexCodes = indices.ToDictionary(i => i.Id, i => i.Code);
            var series = rows
                .GroupBy(r => (r.UnitId, r.EditionIndexId))
                .OrderBy(g => unitIds.IndexOf(g.Key.UnitId)).ThenBy(g => indexCodes[g.Key.EditionIndexId], StringComparer.Ordinal)
                .Select(g => new SeriesDto
                {
                    Unit = Label(g.Key.UnitId),
                    Index = indexCodes[g.Key.EditionIndexId],
                    Points = g.OrderBy(r => r.Year).Select(r => r.ToRow(selection)).ToList(),
                })
                .ToList();
            var facts = catalogue.Facts(unitIds, null)
                .Where(f => indices.Any(i => i.Code == f.Index) && f.Year >= from && f.Year <= to)
                .ToList();
            return new ProvinceSeriesDto
            {
                Province = Label(unitId), Series = series, PublishedStatements = facts, Names = catalogue.Names(rows, selection),
            };
        }
    }

    public static CsvTable ToCsv(ProvinceSeriesDto dto) => new(
        $"{dto.Province.Code}_results.csv",
        ["unit_code", "unit_name", "relation", "index", "year", "edition", "cohort", "score", "status", "rank", "cohort_size", "percentile", "tier",
            "previous_year", "score_change", "places_change", "comparable", "conflict"],
        dto.Series.SelectMany(s => s.Points.Select(p => (IReadOnlyList<object?>)
        [
            s.Unit.Code, p.Unit.Name, s.Unit.Relation, s.Index, p.Year, p.Edition, p.Cohort, p.Score, p.Status, p.Rank, p.CohortSize, p.Percentile, Indices.GetRanking.TierName(dto.Names, p.Tier),
            p.Change?.PreviousYear, p.Change?.Score, p.Change?.Places, p.Change?.Comparable, p.Conflict,
        ])));
}
