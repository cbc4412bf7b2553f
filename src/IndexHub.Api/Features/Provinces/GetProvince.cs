using FluentValidation;
using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Persistence;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Provinces;

public static class GetProvince
{
    /// <param name="Code">The province's 2-digit GSO code. Codes were reused in 2025, so the code is read on asOf.</param>
    /// <param name="AsOf">A day (yyyy-MM-dd, 2004-01-01 to 2100-12-31). Codes and names are read as they were that day. Default: today in Vietnam.</param>
    public sealed record Query(
        [ParameterExample("92")] string Code,
        [ParameterExample("2025-07-01")] DateOnly? AsOf) : IQuery<ProvinceDetailDto>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Code).NotEmpty().MaximumLength(16);
            RuleFor(q => q.AsOf).WithinGeography();
        }
    }

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues, TimeProvider clock) : IQueryHandler<Query, ProvinceDetailDto>
    {
        public async ValueTask<ProvinceDetailDto> Handle(Query query, CancellationToken cancellationToken)
        {
            var date = query.AsOf ?? clock.Today();
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            var id = catalogue.RequireProvince(query.Code, date);
            var row = catalogue.Provinces.Single(p => p.Row.Id == id).Row;

            var events = await db.LineageEvents
                .Where(e => e.FromUnitId == id || e.ToUnitId == id)
                .Select(e => new { e.FromUnitId, e.ToUnitId, e.Kind, e.Effective, e.LegalBasis })
                .ToListAsync(cancellationToken);
            var lineage = new Lineage(events.Select(e => new LineageLink(e.FromUnitId, e.ToUnitId, e.Kind, e.Effective)));
            var otherIds = events.SelectMany(e => new[] { e.FromUnitId, e.ToUnitId }).Where(x => x != id).ToList();
            var others = await db.Units.Where(u => otherIds.Contains(u.Id))
                .Select(u => new { u.Id, u.Code, u.Name, u.ValidFrom, u.ValidTo })
                .ToDictionaryAsync(u => u.Id, cancellationToken);

            LineageLinkDto Link(LineageLink link, int otherId)
            {
                var other = others[otherId];
                var legalBasis = events.First(e => e.FromUnitId == link.FromUnitId && e.ToUnitId == link.ToUnitId).LegalBasis;
                return new LineageLinkDto
                {
                    Code = other.Code, Name = other.Name, ValidFrom = other.ValidFrom, ValidTo = other.ValidTo,
                    Kind = link.Kind, Effective = link.Effective, LegalBasis = legalBasis,
                };
            }

            var summary = row.ToSummary(date);
            return summary.Adapt<ProvinceDetailDto>() with
            {
                Aliases = row.Aliases(),
                NameHistory = row.NameHistory(),
                Predecessors = lineage.Predecessors(row.Id).Select(l => Link(l, l.FromUnitId)).OrderBy(l => l.Code, StringComparer.Ordinal).ToList(),
                Successors = lineage.Successors(row.Id).Select(l => Link(l, l.ToUnitId)).OrderBy(l => l.Code, StringComparer.Ordinal).ToList(),
                Source = row.Source,
            };
        }
    }
}
