using FluentValidation;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using Mediator;

namespace IndexHub.Api.Features.Targets;

/// <summary>A province's targets, and its own units', with their progress.</summary>
public static class ListProvinceTargets
{
    /// <param name="Code">The province's 2-digit GSO code, read on the last day of year (default today, with the provinces it was formed from).</param>
    /// <param name="Year">The year to evaluate (2004-2100); default every year of each target's range.</param>
    public sealed record Query(
        [ParameterExample("79")] string Code,
        [ParameterExample(2023)] int? Year) : IQuery<TargetListDto>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Code).NotEmpty().MaximumLength(16);
            RuleFor(q => q.Year).YearWithinGeography();
        }
    }

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues, TimeProvider clock) : IQueryHandler<Query, TargetListDto>
    {
        public async ValueTask<TargetListDto> Handle(Query query, CancellationToken cancellationToken)
        {
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            // The code as it was in the year asked about (92 in 2023 is the Cần Thơ before the merger); without a year, today's
            // province with the provinces it was formed from, whose goals are its history.
            var date = query.Year is int y ? new DateOnly(y, 12, 31) : clock.Today();
            var provinceId = catalogue.RequireProvince(query.Code, date);
            var provinces = new HashSet<int> { provinceId };
            if (query.Year is null)
            {
                provinces.UnionWith(catalogue.Lineage.Where(l => l.ToUnitId == provinceId).Select(l => l.FromUnitId));
            }
            var units = catalogue.Units.Values.Where(u => provinces.Contains(u.Id) || (u.ParentId is int p && provinces.Contains(p))).Select(u => u.Id).ToList();
            var items = await TargetReader.ReadAsync(db, catalogue, t => units.Contains(t.UnitId), query.Year, cancellationToken);
            return TargetListDto.Of(query.Year, items);
        }
    }

    public static CsvTable ToCsv(TargetListDto list) => TargetCsv.Table("targets.csv", list);
}

/// <summary>Who has set goals for an index, and how they stand.</summary>
public static class ListIndexTargets
{
    /// <param name="Code">The index code (any case).</param>
    /// <param name="Year">The year to evaluate (2004-2100); default every year of each target's range.</param>
    public sealed record Query(
        [ParameterExample("PAR")] string Code,
        [ParameterExample(2023)] int? Year) : IQuery<TargetListDto>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Code).NotEmpty().MaximumLength(16);
            RuleFor(q => q.Year).YearWithinGeography();
        }
    }

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues) : IQueryHandler<Query, TargetListDto>
    {
        public async ValueTask<TargetListDto> Handle(Query query, CancellationToken cancellationToken)
        {
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            if (catalogue.FindIndex(query.Code) is not { } index)
            {
                throw new NotFoundException($"No index has the code '{query.Code}'.");
            }
            var items = await TargetReader.ReadAsync(db, catalogue, t => t.IndexId == index.Id, query.Year, cancellationToken);
            return TargetListDto.Of(query.Year, items);
        }
    }

    public static CsvTable ToCsv(TargetListDto list) => TargetCsv.Table("index_targets.csv", list);
}

/// <summary>One row per target and year evaluated.</summary>
public static class TargetCsv
{
    public static CsvTable Table(string fileName, TargetListDto list) => new(
        fileName,
        ["id", "unit_code", "unit_name", "index", "component", "component_label", "target", "from_year", "to_year", "set_by", "owner", "owner_unit_code",
            "year", "status", "explanation", "actual", "actual_basis", "against", "against_basis", "derived", "evaluation_in_source",
            "source_title", "source_url", "source_date", "quote", "revision"],
        list.Items.SelectMany(t => (t.Progress.Count == 0 ? [null] : t.Progress.Select(p => (TargetProgressDto?)p)).Select(p => (IReadOnlyList<object?>)
        [
            t.Id, t.Unit.Code, t.Unit.Name, t.Index, t.Component, t.ComponentLabel, t.Target, t.FromYear, t.ToYear, t.SetBy, t.Owner.Name, t.Owner.UnitCode,
            p?.Year, p?.Status, p?.Explanation, p?.Actual?.Value, p?.Actual?.Basis, p?.Against?.Value, p?.Against?.Basis, p?.Derived, t.EvaluationInSource,
            t.Source.Title, t.Source.Url, t.Source.Date, t.Source.Quote, t.Revision,
        ])));
}
