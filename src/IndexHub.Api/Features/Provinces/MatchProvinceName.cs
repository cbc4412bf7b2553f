using FluentValidation;
using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Provinces;

public static class MatchProvinceName
{
    /// <param name="Name">Any spelling of a province's name: with or without diacritics, any case, as publishers write it.</param>
    /// <param name="AsOf">A day (yyyy-MM-dd, 2004-01-01 to 2100-12-31). Codes and names are read as they were that day. Default: today in Vietnam.</param>
    public sealed record Query(
        [ParameterExample("TP.HCM")] string? Name,
        [ParameterExample("2024-01-01")] DateOnly? AsOf) : IQuery<NameMatchDto>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator()
        {
            RuleFor(q => q.Name).NotEmpty().MaximumLength(100)
                .Must(n => n is null || VietnameseNames.MatchKey(n).Length > 0).WithMessage("must contain a letter or a digit.");
            RuleFor(q => q.AsOf).WithinGeography();
        }
    }

    public sealed class Handler(IndexHubDbContext db, TimeProvider clock) : IQueryHandler<Query, NameMatchDto>
    {
        public async ValueTask<NameMatchDto> Handle(Query query, CancellationToken cancellationToken)
        {
            // Every province that ever was: a few hundred names, matched in memory by the domain's matcher.
            var rows = await db.Units.ProvinceLevel().ProjectToType<UnitRow>().ToListAsync(cancellationToken);
            var matcher = new NameMatcher(rows.Select(r => new NamedUnit(
                r.Id, r.Code, r.Name, new Validity(r.ValidFrom, r.ValidTo), r.Names.Select(n => n.Value).ToList())));
            // Today's provinces by default, as the provinces list: "TP.HCM" then names one unit, not its two periods.
            var asOf = query.AsOf ?? clock.Today();
            var match = matcher.Match(query.Name!, asOf);
            var byId = rows.ToDictionary(r => r.Id);
            return new NameMatchDto
            {
                Name = query.Name!,
                AsOf = asOf,
                Outcome = match.Outcome,
                Candidates = match.Candidates
                    .Select(c => byId[c.UnitId].ToSummary(asOf))
                    .OrderBy(c => c.ValidFrom ?? DateOnly.MinValue)
                    .ToList(),
            };
        }
    }
}
