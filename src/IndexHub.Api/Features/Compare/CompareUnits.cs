using FluentValidation;
using IndexHub.Api.Features.Provinces;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Mediator;

namespace IndexHub.Api.Features.Compare;

/// <summary>One unit's value in a compared row.</summary>
public sealed record ComparedValueDto
{
    /// <example>79</example>
    public required string Unit { get; init; }
    /// <example>41.7754</example>
    public decimal? Score { get; init; }
    /// <example>36</example>
    public int? Rank { get; init; }
}

/// <summary>The national mean of a row: published where a publisher printed it, else computed over the complete cohort.</summary>
public sealed record NationalMeanDto
{
    /// <example>42.3265</example>
    public required decimal Value { get; init; }
    /// <example>published</example>
    public required string Basis { get; init; }
    /// <example>mean_total</example>
    public string? Metric { get; init; }
    public SourceDto? Source { get; init; }
}

/// <summary>The total or one component, across the compared units.</summary>
public sealed record ComparedRowDto
{
    /// <summary>"total", or the component's code.</summary>
    /// <example>total</example>
    public required string Code { get; init; }
    /// <example>Tổng điểm</example>
    public required string NameVi { get; init; }
    /// <example>Total</example>
    public required string NameEn { get; init; }
    public required IReadOnlyList<ComparedValueDto> Values { get; init; }
    /// <summary>Every mean held for the row: published ones and IndexHub's computed one, each labelled.</summary>
    public required IReadOnlyList<NationalMeanDto> NationalMeans { get; init; }
    /// <summary>The best of the compared units on this row (several when tied).</summary>
    /// <example>["01"]</example>
    public required IReadOnlyList<string> Best { get; init; }
}

public sealed record ComparisonDto
{
    /// <example>PAPI</example>
    public required string Index { get; init; }
    /// <example>2023</example>
    public required int Year { get; init; }
    /// <summary>The compared units' results, in the order asked (components and sources with include=).</summary>
    public required IReadOnlyList<ResultRowDto> Units { get; init; }
    /// <summary>The total first, then each component in the publisher's order.</summary>
    public required IReadOnlyList<ComparedRowDto> Rows { get; init; }
    /// <summary>Units asked for that have no result that year.</summary>
    /// <example>[]</example>
    public required IReadOnlyList<string> Missing { get; init; }
    /// <summary>The names of the edition, cohort, components and tiers the rows refer to by code (include=names, the default).</summary>
    [OmittedUnlessIncluded]
    public ResultNamesDto? Names { get; init; }
}

public static class CompareUnits
{

    /// <param name="Index">One index code (any case).</param>
    /// <param name="Year">The year (2004-2100); default the latest held.</param>
    /// <param name="Units">Province codes, comma-separated, at most 20 (Limits:MaxCompareUnits); read on the geography of the year's table.</param>
    /// <param name="Include">What to add: names (the answer's block naming its indices, editions, cohorts, components and tiers), components (each row's component scores), sources (what each source said of each row); comma-separated, or none. Default: names.</param>
    /// <param name="Fields">Only these properties of each row (comma-separated; unit is always kept), e.g. score,rank,change. Default: every property. JSON only.</param>
    public sealed record Query(
        [ParameterExample("PAPI")] string? Index,
        [ParameterExample(2023)] int? Year,
        [ParameterExample("79,01,92")] string? Units,
        [ParameterExample("names,components")] string? Include = null,
        [ParameterExample("score,rank,change")] string? Fields = null) : IQuery<ComparisonDto>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(LimitsOptions limits)
        {
            RuleFor(q => q.Index).NotEmpty().MaximumLength(16)
                .Must(i => i is null || !i.Contains(',', StringComparison.Ordinal)).WithMessage("compare takes one index.");
            RuleFor(q => q.Year).YearWithinGeography();
            RuleFor(q => q.Units).NotEmpty().MaximumLength(400)
                .Must(u => u is null || Codes(u).Count > 0 && Codes(u).Count <= limits.MaxCompareUnits)
                .WithMessage($"must list 1 to {limits.MaxCompareUnits} province codes, separated by commas (Limits:MaxCompareUnits).");
        }
    }

    private static List<string> Codes(string units) =>
        units.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues) : IQueryHandler<Query, ComparisonDto>
    {
        public async ValueTask<ComparisonDto> Handle(Query query, CancellationToken cancellationToken)
        {
            var selection = ResultSelection.Parse(query.Include, query.Fields);
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            var index = catalogue.ParseIndices(query.Index, "index").Single();
            var year = query.Year
                ?? catalogue.Coverage.Where(c => c.IndexId == index.Id && c.CohortKind == CohortKind.Provinces).Max(c => (int?)c.Year)
                ?? throw RequestValidationException.For("index", $"no results of {index.Code} are held.");
            // Units are read on the geography of the table: the year's last day, unless the publisher used another.
            var date = catalogue.GeographyOverrides.TryGetValue((index.Id, year), out var asOf) ? asOf : new DateOnly(year, 12, 31);
            var unitIds = new List<(string Code, int Id)>();
            var errors = new List<string>();
            foreach (var code in Codes(query.Units!))
            {
                if (catalogue.FindProvince(code, date) is int found)
                {
                    unitIds.Add((code, found));
                }
                else
                {
                    errors.Add(catalogue.UnknownProvince(code, date));
                }
            }
            if (errors.Count > 0)
            {
                throw new RequestValidationException(new Dictionary<string, string[]> { ["units"] = [.. errors] });
            }

            var ids = unitIds.Select(u => u.Id).ToList();
            var results = await db.ReadResultsAsync(catalogue, r => ids.Contains(r.UnitId) && r.Year == year && r.Edition.IndexId == index.Id && r.Cohort.Kind == CohortKind.Provinces, cancellationToken,
                // The compared rows are the components; sources only where the rows show them.
                selection.Parts | ResultParts.Components);
            var ordered = unitIds.Select(u => results.FirstOrDefault(r => r.UnitId == u.Id)).OfType<ResultRead>().ToList();
            var missing = unitIds.Where(u => results.All(r => r.UnitId != u.Id)).Select(u => u.Code).ToList();
            var first = ordered.FirstOrDefault();
            List<ComputedStatistic> computed = first is null
                ? []
                : [.. catalogue.ComputedStatistics[(first.EditionId, first.CohortId, year)].Where(s => s.RegionId == null)];
            List<NationalMeanDto> published = first is null
                ? []
                : [.. catalogue.PublishedStatistics[(first.EditionId, year)].Where(s => s.Scope == StatisticScope.National)
                    .Select(s => new NationalMeanDto { Value = s.Value, Basis = "published", Metric = s.Metric, Source = s.Source })];

            List<NationalMeanDto> Means(int? componentId, IEnumerable<NationalMeanDto> printed) =>
            [
                .. printed,
                .. computed.Where(s => s.ComponentId == componentId).Select(s => new NationalMeanDto { Value = s.Mean, Basis = "computed" }),
            ];

            var rows = new List<ComparedRowDto>
            {
                Row("total", "Tổng điểm", "Total", ordered.Select(r => new ComparedValueDto { Unit = r.UnitCode, Score = r.Score, Rank = r.Rank }).ToList(), Means(null, published), index.HigherIsBetter),
            };
            var components = ordered.SelectMany(r => r.Components).GroupBy(c => c.ComponentId).OrderBy(g => g.First().ComponentOrder);
            foreach (var component in components)
            {
                var c = component.First();
                var values = ordered.Select(r => r.Components.FirstOrDefault(x => x.ComponentId == c.ComponentId) is { } v
                    ? new ComparedValueDto { Unit = r.UnitCode, Score = v.Score, Rank = v.PublishedRank ?? v.ComputedRank }
                    : new ComparedValueDto { Unit = r.UnitCode }).ToList();
                rows.Add(Row(c.ComponentCode, c.ComponentNameVi, c.ComponentNameEn, values, Means(c.ComponentId, []), index.HigherIsBetter));
            }
            return new ComparisonDto
            {
                Index = index.Code, Year = year, Units = [.. ordered.Select(r => r.ToRow(selection))], Rows = rows, Missing = missing,
                Names = catalogue.Names(ordered, selection),
            };
        }

        private static ComparedRowDto Row(string code, string nameVi, string nameEn, List<ComparedValueDto> values, List<NationalMeanDto> means, bool higherIsBetter)
        {
            var scored = values.Where(v => v.Score is not null).ToList();
            var best = scored.Count == 0 ? null : higherIsBetter ? scored.Max(v => v.Score) : scored.Min(v => v.Score);
            return new ComparedRowDto
            {
                Code = code, NameVi = nameVi, NameEn = nameEn, Values = values, NationalMeans = means,
                Best = scored.Where(v => v.Score == best).Select(v => v.Unit).ToList(),
            };
        }
    }

    public static CsvTable ToCsv(ComparisonDto dto)
    {
        var units = dto.Units.Select(u => u.Unit.Code).ToList();
        string[] header = ["index", "year", "row", "name_vi", "name_en", .. units, "national_mean", "national_mean_basis", "best"];
        return new CsvTable($"{dto.Index}_{dto.Year}_compare.csv", header, dto.Rows.Select(r =>
        {
            var mean = r.NationalMeans.FirstOrDefault();
            return (IReadOnlyList<object?>)
            [
                dto.Index, dto.Year, r.Code, r.NameVi, r.NameEn, .. units.Select(u => (object?)r.Values.FirstOrDefault(v => v.Unit == u)?.Score),
                mean?.Value, mean?.Basis, string.Join(' ', r.Best),
            ];
        }));
    }
}
