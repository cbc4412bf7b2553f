using FluentValidation;
using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Persistence;
using Mediator;

namespace IndexHub.Api.Features.Provinces;

/// <summary>The provinces valid on a date, with the date they were listed for.</summary>
public sealed record ProvinceListDto : Page<ProvinceSummaryDto>
{
    /// <summary>The day the list is for: asOf, the last day of year, or today in Vietnam.</summary>
    /// <example>2023-12-31</example>
    public required DateOnly AsOf { get; init; }
}

public static class ListProvinces
{
    public const int DefaultPageSize = 100;

    /// <param name="AsOf">A day (yyyy-MM-dd, 2004-01-01 to 2100-12-31). Codes and names are read as they were that day. Default: today in Vietnam.</param>
    /// <param name="Year">A year (2004-2100). With asOf, asOf must fall in it; alone, the geography of its last day is used.</param>
    /// <param name="Region">A region's code, order (1-6) or name, with or without diacritics (see GET /api/v1/regions).</param>
    /// <param name="Q">Any spelling of a province's name, with or without diacritics, or its code; matches part of a name.</param>
    /// <param name="Page">Page number, from 1.</param>
    /// <param name="PageSize">Items per page, 1 to 200. Default 100.</param>
    public sealed record Query(
        [ParameterExample("2023-12-31")] DateOnly? AsOf,
        [ParameterExample(2023)] int? Year,
        [ParameterExample("southeast")] string? Region,
        [ParameterExample("ho chi minh")] string? Q,
        [ParameterExample(1)] int? Page,
        [ParameterExample(100)] int? PageSize) : IQuery<ProvinceListDto>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(LimitsOptions limits)
        {
            RuleFor(q => q.AsOf).WithinGeography();
            RuleFor(q => q.Year).YearWithinGeography();
            RuleFor(q => q.Year).Equal(q => q.AsOf!.Value.Year).When(q => q.AsOf is not null && q.Year is not null)
                .WithMessage("asOf must fall in year when both are given.");
            RuleFor(q => q.Q).MaximumLength(100);
            RuleFor(q => q.Region).MaximumLength(100);
            this.Paging(q => q.Page, q => q.PageSize, limits);
        }
    }

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues, TimeProvider clock) : IQueryHandler<Query, ProvinceListDto>
    {
        public async ValueTask<ProvinceListDto> Handle(Query query, CancellationToken cancellationToken)
        {
            // A year means its last day: the geography a table of that year is read against.
            var date = query.AsOf ?? (query.Year is int year ? new DateOnly(year, 12, 31) : clock.Today());
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            var units = catalogue.Provinces.Where(p => new Validity(p.Row.ValidFrom, p.Row.ValidTo).Contains(date));

            if (!string.IsNullOrWhiteSpace(query.Region))
            {
                var regionId = catalogue.FindRegionId(query.Region)
                    ?? throw RequestValidationException.For("region", $"'{query.Region}' is not a region; see GET /api/v1/regions.");
                units = units.Where(p => p.RegionId == regionId);
            }
            if (!string.IsNullOrWhiteSpace(query.Q))
            {
                var key = VietnameseNames.MatchKey(query.Q);
                var code = UnitCodes.NormalizeProvinceCode(query.Q);
                units = units.Where(p => p.Row.Code == code || p.MatchKeys.Any(k => k.Contains(key, StringComparison.Ordinal)));
            }

            var page = Page<ProvinceSummaryDto>.Of(units.Select(p => p.Row.ToSummary(date)), query.Page, query.PageSize, DefaultPageSize);
            return new ProvinceListDto { AsOf = date, Items = page.Items, PageNumber = page.PageNumber, PageSize = page.PageSize, TotalCount = page.TotalCount };
        }
    }

    public static CsvTable ToCsv(ProvinceListDto list) => new(
        $"provinces_{list.AsOf:yyyy-MM-dd}.csv",
        ["code", "name_vi", "name_en", "full_name", "name_ascii", "type", "region", "valid_from", "valid_to"],
        list.Items.Select(p => (IReadOnlyList<object?>)[p.Code, p.NameVi, p.NameEn, p.FullName, p.NameAscii, p.Type, p.Region?.Code, p.ValidFrom, p.ValidTo]));
}
