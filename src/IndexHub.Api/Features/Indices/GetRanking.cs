using FluentValidation;
using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Features.Provinces;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Indices;

/// <summary>An index's ranking table for one year and cohort, with the cohort's statistics.</summary>
public sealed record RankingDto
{
    /// <example>PAPI</example>
    public required string Index { get; init; }
    /// <example>2023</example>
    public required int Year { get; init; }
    public required EditionRefDto Edition { get; init; }
    public required CohortDto Cohort { get; init; }
    public required StatisticsDto Statistics { get; init; }
    public required Page<ResultRowDto> Results { get; init; }
    /// <summary>The names of the edition, cohort, components and tiers the rows refer to by code (include=names, the default).</summary>
    [OmittedUnlessIncluded]
    public ResultNamesDto? Names { get; init; }
}

public static class GetRanking
{
    public static readonly string[] Sorts = ["rank", "score", "-score", "name", "code"];

    /// <param name="Code">The index code (any case).</param>
    /// <param name="Year">The year (2004-2100); default the latest held.</param>
    /// <param name="Region">A region's code, order (1-6) or name, with or without diacritics (see GET /api/v1/regions).</param>
    /// <param name="Cohort">A cohort code: provinces-64, provinces-63, provinces-34, or a province's own (01-departments, 01-districts). Default: the national cohort.</param>
    /// <param name="Sort">rank (default), score, -score, name or code.</param>
    /// <param name="Page">Page number, from 1.</param>
    /// <param name="PageSize">Items per page, 1 to 200. Default 100.</param>
    /// <param name="Revision">Read the figures as they stood after this revision (0: as shipped); see the revisions endpoint.</param>
    /// <param name="AsOf">Read the figures as they stood at the end of this day (UTC), before later imports and corrections; with revision, the earlier of the two.</param>
    /// <param name="Include">What to add: names (the answer's block naming its indices, editions, cohorts, components and tiers), components (each row's component scores), sources (what each source said of each row); comma-separated, or none. Default: names.</param>
    /// <param name="Fields">Only these properties of each row (comma-separated; unit is always kept), e.g. score,rank,change. Default: every property. JSON only.</param>
    public sealed record Query(
        [ParameterExample("PAPI")] string Code,
        [ParameterExample(2023)] int? Year,
        [ParameterExample("southeast")] string? Region,
        [ParameterExample("provinces-63")] string? Cohort,
        [ParameterExample("rank")] string? Sort,
        [ParameterExample(1)] int? Page,
        [ParameterExample(100)] int? PageSize,
        [ParameterExample(0)] int? Revision = null,
        [ParameterExample("2026-01-01")] DateOnly? AsOf = null,
        [ParameterExample("names,components")] string? Include = null,
        [ParameterExample("score,rank,change")] string? Fields = null) : IQuery<RankingDto>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(LimitsOptions limits)
        {
            RuleFor(q => q.Code).NotEmpty().MaximumLength(16);
            RuleFor(q => q.Year).YearWithinGeography();
            RuleFor(q => q.Region).MaximumLength(100);
            RuleFor(q => q.Cohort).MaximumLength(64);
            RuleFor(q => q.Sort).Must(s => s is null || Sorts.Contains(s, StringComparer.OrdinalIgnoreCase))
                .WithMessage($"must be one of: {string.Join(", ", Sorts)}.");
            this.Paging(q => q.Page, q => q.PageSize, limits);
            RuleFor(q => q.Revision).GreaterThanOrEqualTo(0);
        }
    }

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues) : IQueryHandler<Query, RankingDto>
    {
        public async ValueTask<RankingDto> Handle(Query query, CancellationToken cancellationToken)
        {
            var selection = ResultSelection.Parse(query.Include, query.Fields);
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            var index = catalogue.FindIndex(query.Code);
            if (index is null)
            {
                throw new NotFoundException(catalogue.UnknownIndex(query.Code));
            }
            var tables = catalogue.Coverage.Where(c => c.IndexId == index.Id);
            if (query.Cohort is not null)
            {
                var wanted = catalogue.FindCohort(query.Cohort)
                    ?? throw RequestValidationException.For("cohort", $"'{query.Cohort}' is not a cohort (provinces-63, provinces-34, 01-departments, ...).");
                tables = tables.Where(c => c.CohortId == wanted.Id);
            }
            else
            {
                // By default the national table: the provinces of the year.
                tables = tables.Where(c => c.CohortKind == CohortKind.Provinces);
            }
            var year = query.Year ?? tables.Max(c => (int?)c.Year);
            // The year's fullest table; a year can hold a partial table of another edition or cohort beside it.
            var target = year is null
                ? null
                : tables.Where(c => c.Year == year).OrderByDescending(c => c.Rows).ThenBy(c => c.EditionId).ThenBy(c => c.CohortId).FirstOrDefault();
            if (target is null)
            {
                throw new NotFoundException(year is null
                    ? $"No results of {index.Code} are held{(query.Cohort is null ? "" : $" for cohort {query.Cohort}")}."
                    : $"No results of {index.Code} are held for {year}{(query.Cohort is null ? "" : $" in cohort {query.Cohort}")}; see GET /api/v1/indices/{index.Code}/years.");
            }

            var tableYear = year!.Value;
            var cohort = catalogue.Cohorts[target.CohortId];
            var editionEntry = catalogue.Editions[target.EditionId];
            var edition = new EditionRefDto { Code = editionEntry.Code, Name = editionEntry.Name };
            int? regionId = string.IsNullOrWhiteSpace(query.Region)
                ? null
                : catalogue.FindRegionId(query.Region) ?? throw RequestValidationException.For("region", $"'{query.Region}' is not a region; see GET /api/v1/regions.");
            var sort = query.Sort?.ToLowerInvariant() ?? "rank";
            var historic = query.Revision is not null || query.AsOf is not null;
            if (query.Revision is int asked and > 0 && !await db.Revisions.AnyAsync(r => r.Id == asked, cancellationToken))
            {
                var latest = await db.Revisions.MaxAsync(r => (int?)r.Id, cancellationToken);
                throw new NotFoundException($"No revision {asked} exists; {(latest is null ? "the data is as shipped (revision 0)" : $"revisions run from 1 to {latest} (0 is the data as shipped)")}.");
            }
            if (!historic && target.Rows > (query.PageSize ?? ListProvinces.DefaultPageSize))
            {
                // A large table (communes): sort its light rows, then read in full only the page asked for.
                var keys = await db.Results.AsNoTracking()
                    .Where(r => r.EditionId == target.EditionId && r.CohortId == target.CohortId && r.Year == year)
                    .Select(r => new { r.Id, r.UnitId, r.Score, r.Status, Rank = r.PublishedRank ?? r.ComputedRank })
                    .ToListAsync(cancellationToken);
                var coverage = CohortDerivation.Coverage(keys.Select(k => (k.Score, k.Status)), keys.Count, cohort.Size);
                var sortedKeys = Sort(keys.Select(k =>
                    {
                        var unit = catalogue.Units[k.UnitId];
                        return new RankingKey(k.Id, k.Rank, k.Score, unit.Code, ResultRead.NameIn(unit.OfficialNames, unit.Name, tableYear), unit.RegionId);
                    })
                    .Where(k => regionId is null || k.RegionId == regionId), sort, index.HigherIsBetter);
                var pageKeys = Page<RankingKey>.Of(sortedKeys, query.Page, query.PageSize, ListProvinces.DefaultPageSize);
                var ids = pageKeys.Items.Select(k => k.Id).ToList();
                var read = (await db.ReadResultsAsync(catalogue, r => ids.Contains(r.Id), cancellationToken, selection.Parts)).ToDictionary(r => r.Id);
                return Ranking(catalogue.Statistics(target.EditionId, target.CohortId, tableYear, coverage), coverage,
                    new Page<ResultRowDto> { Items = [.. ids.Select(id => read[id].ToRow(selection))], PageNumber = pageKeys.PageNumber, PageSize = pageKeys.PageSize, TotalCount = pageKeys.TotalCount });
            }

            // A table as it stood reads whole (its history replaces whole rows); the current one reads what its rows show.
            var rows = await db.ReadResultsAsync(catalogue, r => r.EditionId == target.EditionId && r.CohortId == target.CohortId && r.Year == year, cancellationToken,
                historic ? ResultParts.All : selection.Parts);
            var statistics = catalogue.Statistics(target.EditionId, target.CohortId, tableYear, rows.Coverage(cohort.Size));
            if (historic)
            {
                // Both given: whichever is earlier. The rows, their coverage and the statistics are all as they stood then.
                var atDay = query.AsOf is DateOnly day ? await db.RevisionAtAsync(day, cancellationToken) : int.MaxValue;
                var revision = Math.Min(query.Revision ?? int.MaxValue, atDay);
                rows = await db.HistoricRowsAsync(rows, target.EditionId, target.CohortId, tableYear, revision, cancellationToken);
                var then = rows.Coverage(cohort.Size);
                var published = await db.PublishedStatisticsAtAsync(catalogue, target.EditionId, target.CohortId, tableYear, revision, cancellationToken);
                statistics = ReferenceCatalogue.StatisticsOf(Summary(rows), then, published);
            }
            var byId = rows.ToDictionary(r => r.Id);
            var sorted = Sort(rows.Select(r => new RankingKey(r.Id, r.Rank, r.Score, r.UnitCode, r.NameInYear, r.UnitRegionId))
                .Where(k => regionId is null || k.RegionId == regionId), sort, index.HigherIsBetter);
            var page = Page<RankingKey>.Of(sorted, query.Page, query.PageSize, ListProvinces.DefaultPageSize);
            return Ranking(statistics, rows.Coverage(cohort.Size),
                new Page<ResultRowDto> { Items = [.. page.Items.Select(k => byId[k.Id].ToRow(selection))], PageNumber = page.PageNumber, PageSize = page.PageSize, TotalCount = page.TotalCount });

            RankingDto Ranking(StatisticsDto stats, CohortCoverage coverage, Page<ResultRowDto> results) => new()
            {
                Index = index.Code,
                Year = tableYear,
                Edition = edition,
                Cohort = cohort.ToCohortDto(coverage),
                Statistics = stats,
                Results = results,
                // The table's names, whatever the page holds: a page of a ranking reads like the whole.
                Names = selection.Names
                    ? catalogue.Names([editionEntry], [target.CohortId], [tableYear],
                        catalogue.Tiers.Values.Where(t => t.IndexId == index.Id).OrderBy(t => t.Order).Select(t => (t.IndexId, t.Code, t.NameVi, t.NameEn)))
                    : null,
            };
        }

        private static Summary? Summary(List<ResultRead> rows) => Domain.Results.Summary.Of(rows.Where(r => r.Score is not null).Select(r => r.Score!.Value));

        /// <summary>What a ranking is sorted and filtered by.</summary>
        private sealed record RankingKey(int Id, int? Rank, decimal? Score, string UnitCode, string Name, int? RegionId);

        // Sorted here, not in SQL: scores are decimals, which SQLite cannot order, and names sort by their folded form.
        private static IEnumerable<RankingKey> Sort(IEnumerable<RankingKey> rows, string sort, bool higherIsBetter) => sort switch
        {
            "score" => rows.OrderBy(r => r.Score is null).ThenBy(r => r.Score).ThenBy(r => r.UnitCode, StringComparer.Ordinal),
            "-score" => rows.OrderBy(r => r.Score is null).ThenByDescending(r => r.Score).ThenBy(r => r.UnitCode, StringComparer.Ordinal),
            "name" => rows.OrderBy(r => VietnameseNames.Fold(r.Name), StringComparer.Ordinal),
            "code" => rows.OrderBy(r => r.UnitCode, StringComparer.Ordinal),
            _ => rows.OrderBy(r => r.Rank is null)
                .ThenBy(r => r.Rank)
                .ThenBy(r => r.Score is null)
                .ThenBy(r => higherIsBetter ? -(r.Score ?? 0) : r.Score ?? 0)
                .ThenBy(r => r.UnitCode, StringComparer.Ordinal),
        };
    }

    public static CsvTable ToCsv(RankingDto ranking)
    {
        var components = ranking.Results.Items.SelectMany(r => r.Components ?? []).Select(c => c.Code).Distinct().ToList();
        string[] header = ["year", "cohort", "unit_code", "unit_name", "region", "score", "status", "rank", "rank_basis", "cohort_size", "percentile", "tier",
            "previous_year", "score_change", "places_change", "comparable", "conflict", .. components];
        return new CsvTable($"{ranking.Index}_{ranking.Year}_{ranking.Cohort.Code}.csv", header, ranking.Results.Items.Select(r => (IReadOnlyList<object?>)
        [
            r.Year, ranking.Cohort.Code, r.Unit.Code, r.Unit.Name, r.Unit.Region, r.Score, r.Status, r.Rank, r.RankBasis, r.CohortSize, r.Percentile, TierName(ranking.Names, r.Tier),
            r.Change?.PreviousYear, r.Change?.Score, r.Change?.Places, r.Change?.Comparable, r.Conflict,
            .. components.Select(code => (object?)r.Components?.FirstOrDefault(c => c.Code == code)?.Score),
        ]));
    }

    /// <summary>A tier's Vietnamese name from the answer's names, else its code.</summary>
    public static string? TierName(ResultNamesDto? names, string? tier) =>
        tier is null ? null : names?.Tiers.FirstOrDefault(t => t.Code == tier)?.NameVi ?? tier;
}
