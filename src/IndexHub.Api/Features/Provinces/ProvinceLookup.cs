using System.Globalization;
using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Provinces;

/// <summary>The province-level units, and the units valid on a date, as queries.</summary>
public static class ProvinceLookup
{
    public static IQueryable<AdministrativeUnit> ProvinceLevel(this IQueryable<AdministrativeUnit> units) =>
        units.Where(u => u.ParentId == null && (u.Type == UnitType.Province || u.Type == UnitType.Municipality));

    public static IQueryable<AdministrativeUnit> ValidOn(this IQueryable<AdministrativeUnit> units, DateOnly date) =>
        units.Where(u => (u.ValidFrom == null || u.ValidFrom <= date) && (u.ValidTo == null || u.ValidTo >= date));
}
