using FluentValidation;
using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Persistence;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Provinces;

public static class ListProvinceUnits
{
    /// <summary>AsOf resolves the province's code and, when given, keeps only units valid that day.</summary>
    /// <param name="Code">The province's 2-digit GSO code, read on asOf.</param>
    /// <param name="AsOf">A day (yyyy-MM-dd, 2004-01-01 to 2100-12-31). Codes and names are read as they were that day. Default: today in Vietnam.</param>
    /// <param name="Type">department, district or commune.</param>
    /// <param name="Page">Page number, from 1.</param>
    /// <param name="PageSize">Items per page, 1 to 200. Default 100.</param>
    public sealed record Query(
        [ParameterExample("01")] string Code,
        [ParameterExample("2024-01-01")] DateOnly? AsOf,
        [ParameterExample("department")] string? Type,
        [ParameterExample(1)] int? Page,
        [ParameterExample(100)] int? PageSize) : IQuery<Page<SubUnitDto>>;

    private static readonly UnitType[] SubUnitTypes = [UnitType.Department, UnitType.District, UnitType.Commune];

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(LimitsOptions limits)
        {
            RuleFor(q => q.Code).NotEmpty().MaximumLength(16);
            RuleFor(q => q.AsOf).WithinGeography();
            RuleFor(q => q.Type)
                .Must(t => t is null || ParseType(t) is not null)
                .WithMessage("must be one of: department, district, commune.");
            this.Paging(q => q.Page, q => q.PageSize, limits);
        }
    }

    private static UnitType? ParseType(string type) =>
        Enum.TryParse<UnitType>(type, ignoreCase: true, out var parsed) && SubUnitTypes.Contains(parsed) ? parsed : null;

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues, TimeProvider clock) : IQueryHandler<Query, Page<SubUnitDto>>
    {
        public async ValueTask<Page<SubUnitDto>> Handle(Query query, CancellationToken cancellationToken)
        {
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            var id = catalogue.RequireProvince(query.Code, query.AsOf ?? clock.Today());
            var units = db.Units.Where(u => u.ParentId == id);
            if (query.AsOf is DateOnly asOf)
            {
                units = units.ValidOn(asOf);
            }
            if (query.Type is not null && ParseType(query.Type) is UnitType type)
            {
                units = units.Where(u => u.Type == type);
            }
            var rows = await units.OrderBy(u => u.Type).ThenBy(u => u.NameAscii).ProjectToType<SubUnitDto>().ToListAsync(cancellationToken);
            return Page<SubUnitDto>.Of(rows, query.Page, query.PageSize, ListProvinces.DefaultPageSize);
        }
    }
}
