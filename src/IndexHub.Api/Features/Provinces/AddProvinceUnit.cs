using FluentValidation;
using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Provinces;

/// <summary>One of a province's own units (a department, a district) as an editor adds it.</summary>
public sealed record NewProvinceUnit
{
    /// <summary>The unit's code, "{province}-{name}"; made from the name when left out.</summary>
    /// <example>48-so-tai-chinh</example>
    public string? Code { get; init; }
    /// <summary>department or district.</summary>
    /// <example>department</example>
    public string? Type { get; init; }
    /// <summary>The official name, in Vietnamese with diacritics.</summary>
    /// <example>Sở Tài chính</example>
    public string? Name { get; init; }
    /// <example>Department of Finance</example>
    public string? NameEn { get; init; }
    /// <summary>Other spellings tables use for it.</summary>
    public IReadOnlyList<string>? Aliases { get; init; }
    /// <summary>First day it exists; null when it is older than anything held.</summary>
    /// <example>null</example>
    public DateOnly? ValidFrom { get; init; }
    /// <summary>Last day it exists; null while it does (districts ended on 2025-06-30).</summary>
    /// <example>null</example>
    public DateOnly? ValidTo { get; init; }
    /// <summary>Where the unit is named: a URL or a citation.</summary>
    /// <example>https://danang.gov.vn/ddci-2022</example>
    public string? Source { get; init; }
}

/// <summary>
/// Adds one of a province's own units, with the rules provinces follow: a code and a period, names matched without
/// diacritics. A code or a name another unit of the province holds in an overlapping period is a 409 naming it.
/// </summary>
public static class AddProvinceUnit
{
    private static readonly string[] Types = ["department", "district"];

    public sealed record Command(string ProvinceCode, NewProvinceUnit Unit, Author Author) : ICommand<SubUnitDto>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.ProvinceCode).NotEmpty().MaximumLength(16);
            RuleFor(c => c.Unit.Name).NotEmpty().MaximumLength(200).Must(n => n is null || VietnameseNames.MatchKey(n).Length > 0)
                .WithMessage("must contain a letter or a digit.").OverridePropertyName("name");
            RuleFor(c => c.Unit.Type).NotEmpty().Must(t => t is null || Types.Contains(t.ToLowerInvariant()))
                .WithMessage("must be department or district.").OverridePropertyName("type");
            RuleFor(c => c.Unit.Code).MaximumLength(64).Matches("^[0-9]{2}-[a-z0-9-]+$")
                .WithMessage("must be the province's code, a hyphen and lower-case letters, digits or hyphens (48-so-tai-chinh).").OverridePropertyName("code");
            RuleFor(c => c.Unit.NameEn).MaximumLength(200).OverridePropertyName("nameEn");
            RuleFor(c => c.Unit.Aliases).Must(a => a is null || (a.Count <= 20 && a.All(x => !string.IsNullOrWhiteSpace(x) && x.Length <= 200)))
                .WithMessage("at most 20 names of at most 200 characters.").OverridePropertyName("aliases");
            RuleFor(c => c.Unit.ValidTo).Must((c, to) => to is null || c.Unit.ValidFrom is null || to >= c.Unit.ValidFrom)
                .WithMessage("must not be before validFrom.").OverridePropertyName("validTo");
            RuleFor(c => c.Unit.Source).NotEmpty().MaximumLength(600).OverridePropertyName("source");
        }
    }

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues, TimeProvider clock, DataVersionState dataVersion,
        Microsoft.AspNetCore.OutputCaching.IOutputCacheStore cache) : ICommandHandler<Command, SubUnitDto>
    {
        public async ValueTask<SubUnitDto> Handle(Command command, CancellationToken cancellationToken)
        {
            var body = command.Unit;
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            var ownerId = catalogue.RequireProvince(command.ProvinceCode, body.ValidFrom ?? clock.Today());
            var owner = catalogue.Units[ownerId];
            var type = Enum.Parse<UnitType>(body.Type!, ignoreCase: true);
            var name = body.Name!.Trim();
            var code = body.Code ?? $"{owner.Code}-{VietnameseNames.Fold(name).Replace(' ', '-')}";
            if (!code.StartsWith(owner.Code + "-", StringComparison.Ordinal))
            {
                throw RequestValidationException.For("code", $"must start with the province's code ({owner.Code}-).");
            }
            var period = new Validity(body.ValidFrom, body.ValidTo);
            bool Overlaps(UnitEntry u) =>
                (period.From is null || u.ValidTo is null || u.ValidTo >= period.From) && (period.To is null || u.ValidFrom is null || u.ValidFrom <= period.To);
            var keys = new[] { name }.Concat(body.Aliases ?? []).Select(VietnameseNames.MatchKey).ToHashSet();
            foreach (var held in catalogue.Units.Values.Where(u => u.ParentId == ownerId && Overlaps(u)))
            {
                if (held.Code == code || catalogue.UnitMatchKeys[held.Id].Any(keys.Contains))
                {
                    throw new ConflictException("The province already has that unit.",
                        $"{held.Code} ({held.Name}) is one of {owner.Name}'s units in the same period; give another code or name, or a period that does not overlap.");
                }
            }

            // The retrying strategy owns the transaction, so that a dropped connection replays the whole write.
            var (unit, version) = await db.Database.CreateExecutionStrategy().ExecuteAsync(async ct =>
            {
                db.ChangeTracker.Clear();
                await using var transaction = await db.Database.BeginTransactionAsync(ct);
                var unit = new AdministrativeUnit
                {
                    Key = Persistence.Loading.GeographySource.UnitKey(code, body.ValidFrom), Code = code, Type = type, ValidFrom = body.ValidFrom, ValidTo = body.ValidTo,
                    Name = name, FullName = name, NameAscii = VietnameseNames.ToAscii(name), NameEn = body.NameEn?.Trim(), ParentId = ownerId, Source = body.Source!.Trim(),
                };
                UnitName Named(UnitNameKind kind, string value, UnitType? unitType = null) => new()
                {
                    Kind = kind, Value = value.Trim(), MatchKey = VietnameseNames.MatchKey(value), ValidFrom = body.ValidFrom, ValidTo = body.ValidTo,
                    FullName = kind == UnitNameKind.Official ? name : null, Type = unitType,
                };
                unit.Names.Add(Named(UnitNameKind.Official, name, type));
                unit.Names.Add(Named(UnitNameKind.Ascii, unit.NameAscii));
                unit.Names.AddRange((body.Aliases ?? []).Select(a => Named(UnitNameKind.Alias, a)));
                if (unit.NameEn is not null)
                {
                    unit.Names.Add(Named(UnitNameKind.English, unit.NameEn));
                }
                db.Units.Add(unit);
                // The province's own cohort of that kind, as the shipped data makes it, where it has none yet.
                var cohortCode = $"{owner.Code}-{(type == UnitType.District ? "districts" : "departments")}";
                if (catalogue.FindCohort(cohortCode) is null)
                {
                    db.Cohorts.Add(new Cohort
                    {
                        Code = cohortCode, Name = $"{owner.Name}'s {(type == UnitType.District ? "districts" : "departments")}",
                        Kind = type == UnitType.District ? CohortKind.Districts : CohortKind.Departments, OwnerUnitId = ownerId,
                    });
                }
                var now = clock.GetUtcNow().UtcDateTime;
                db.Record(command.Author, clock, "unit.create", $"unit {code}", null, new { code, name, Type = type, body.ValidFrom, body.ValidTo, body.Source });
                await db.SaveChangesAsync(ct);
                var version = await db.BumpDataVersionAsync(now, ct);
                await transaction.CommitAsync(ct);
                return (unit, version);
            }, cancellationToken);
            // Names are read once per data version: this replica reads them again now, the others within a poll.
            dataVersion.Observe(version);
            await cache.EvictByTagAsync(OutputCaching.DataTag, CancellationToken.None);
            return new SubUnitDto
            {
                Code = unit.Code, Name = unit.Name, NameAscii = unit.NameAscii, Type = unit.Type, ValidFrom = unit.ValidFrom, ValidTo = unit.ValidTo, Source = unit.Source,
            };
        }
    }
}
