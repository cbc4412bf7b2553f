using FluentValidation;
using IndexHub.Api.Features.Indices;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using Mediator;

namespace IndexHub.Api.Features.Provinces;

public static class GetUnitRankings
{
    /// <param name="Code">The province's 2-digit GSO code, read on the last day of year (default today).</param>
    /// <param name="Index">Index codes, comma-separated (PAR,SIPAS,PCI,PAPI,DTI,DDCI); default all.</param>
    /// <param name="Year">The year (2004-2100); default the latest the province's own tables hold.</param>
    /// <param name="Include">What to add: names (the answer's block naming its indices, editions, cohorts, components and tiers), components (each row's component scores), sources (what each source said of each row); comma-separated, or none. Default: names.</param>
    /// <param name="Fields">Only these properties of each row (comma-separated; unit is always kept), e.g. score,rank,change. Default: every property. JSON only.</param>
    public sealed record Query(
        [ParameterExample("01")] string Code,
        [ParameterExample("PAR")] string? Index,
        [ParameterExample(2023)] int? Year,
        [ParameterExample("names,components")] string? Include = null,
        [ParameterExample("score,rank,change")] string? Fields = null) : IQuery<Page<RankingDto>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Code).NotEmpty().MaximumLength(16);
            RuleFor(q => q.Index).MaximumLength(100);
            RuleFor(q => q.Year).YearWithinGeography();
        }
    }

    /// <summary>A province's own rankings of its departments and districts: one table per index, cohort and year.</summary>
    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues, TimeProvider clock) : IQueryHandler<Query, Page<RankingDto>>
    {
        public async ValueTask<Page<RankingDto>> Handle(Query query, CancellationToken cancellationToken)
        {
            var selection = ResultSelection.Parse(query.Include, query.Fields);
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            var indices = catalogue.ParseIndices(query.Index, "index");
            var date = query.Year is int y ? new DateOnly(y, 12, 31) : clock.Today();
            var provinceId = catalogue.RequireProvince(query.Code, date);
            var indexIds = indices.Select(i => i.Id).ToList();
            var year = query.Year ?? catalogue.Coverage
                .Where(c => catalogue.Cohorts[c.CohortId].OwnerUnitId == provinceId && indexIds.Contains(c.IndexId))
                .Max(c => (int?)c.Year);
            var rows = year is null ? [] : await db.ReadResultsAsync(catalogue, r => r.Cohort.OwnerUnitId == provinceId && indexIds.Contains(r.Edition.IndexId) && r.Year == year, cancellationToken, selection.Parts);
            var codes = indices.ToDictionary(i => i.Id, i => i.Code);
            var rankings = new List<RankingDto>();
            foreach (var group in rows.GroupBy(r => (r.EditionId, r.CohortId)).OrderBy(g => g.First().CohortCode, StringComparer.Ordinal))
            {
                var first = group.First();
                var cohort = catalogue.Cohorts[first.CohortId];
                var sorted = group.OrderBy(r => r.Rank is null).ThenBy(r => r.Rank).ThenByDescending(r => r.Score).ToList();
                rankings.Add(new RankingDto
                {
                    Index = codes[first.EditionIndexId],
                    Year = first.Year,
                    Edition = new EditionRefDto { Code = first.EditionCode, Name = first.EditionName },
                    Cohort = cohort.ToCohortDto(sorted.Coverage(cohort.Size)),
                    Statistics = catalogue.Statistics(first.EditionId, first.CohortId, first.Year, sorted.Coverage(cohort.Size)),
                    Results = Page<ResultRowDto>.Of(sorted.Select(r => r.ToRow(selection)), 1, CommonRules.MaxPageSize, CommonRules.MaxPageSize),
                    Names = catalogue.Names(sorted, selection),
                });
            }
            // A province may publish a cohort's mean without naming one unit (Hải Phòng's DDCI 2023): the cohort is answered with its statistics.
            IEnumerable<(int EditionId, int CohortId)> published = year is not int statYear ? [] : catalogue.PublishedStatistics
                .Where(g => g.Key.Year == statYear && indexIds.Contains(catalogue.Editions[g.Key.EditionId].IndexId))
                .SelectMany(g => g)
                .Where(s => s.CohortId is int c && catalogue.Cohorts[c].OwnerUnitId == provinceId && !rankings.Any(r => r.Cohort.Code == catalogue.Cohorts[c].Code))
                .Select(s => (s.EditionId, CohortId: s.CohortId!.Value)).Distinct().OrderBy(k => catalogue.Cohorts[k.CohortId].Code, StringComparer.Ordinal).ToList();
            foreach (var (editionId, cohortId) in published)
            {
                var edition = catalogue.Editions[editionId];
                var cohort = catalogue.Cohorts[cohortId];
                var coverage = Array.Empty<ResultRead>().Coverage(cohort.Size);
                rankings.Add(new RankingDto
                {
                    Index = codes[edition.IndexId],
                    Year = year!.Value,
                    Edition = new EditionRefDto { Code = edition.Code, Name = edition.Name },
                    Cohort = cohort.ToCohortDto(coverage),
                    Statistics = catalogue.Statistics(editionId, cohortId, year.Value, coverage),
                    Results = Page<ResultRowDto>.Of([], 1, CommonRules.MaxPageSize, CommonRules.MaxPageSize),
                    Names = selection.Names ? catalogue.Names([edition], [cohortId], [year.Value], []) : null,
                });
            }
            return Page<RankingDto>.All(rankings);
        }
    }

    public static CsvTable ToCsv(Page<RankingDto> page)
    {
        var rankings = page.Items;
        string[] header = ["index", "year", "cohort", "unit_code", "unit_name", "unit_type", "score", "status", "rank", "cohort_size", "previous_year", "score_change", "places_change"];
        var name = rankings.Count == 0 ? "units_results.csv" : $"{rankings[0].Index}_{rankings[0].Year}_units.csv";
        return new CsvTable(name, header, rankings.SelectMany(k => k.Results.Items.Select(r => (IReadOnlyList<object?>)
        [
            k.Index, r.Year, k.Cohort.Code, r.Unit.Code, r.Unit.Name, r.Unit.Type, r.Score, r.Status, r.Rank, r.CohortSize, r.Change?.PreviousYear, r.Change?.Score, r.Change?.Places,
        ])));
    }
}
