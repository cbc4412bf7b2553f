using System.Globalization;
using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Provinces;

/// <summary>Finds the province that a code named on a date, and says why when there is none.</summary>
public static class ProvinceLookup
{
    public static IQueryable<AdministrativeUnit> ProvinceLevel(this IQueryable<AdministrativeUnit> units) =>
        units.Where(u => u.ParentId == null && (u.Type == UnitType.Province || u.Type == UnitType.Municipality));

    public static IQueryable<AdministrativeUnit> ValidOn(this IQueryable<AdministrativeUnit> units, DateOnly date) =>
        units.Where(u => (u.ValidFrom == null || u.ValidFrom <= date) && (u.ValidTo == null || u.ValidTo >= date));

    /// <summary>The unit's id, or null with a message that names what the code meant at other dates.</summary>
    public static async Task<(int? Id, string? NotFound)> FindProvinceAsync(this IndexHubDbContext db, string rawCode, DateOnly date, CancellationToken ct)
    {
        var code = UnitCodes.NormalizeProvinceCode(rawCode);
        var candidates = await db.Units.ProvinceLevel()
            .Where(u => u.Code == code)
            .Select(u => new { u.Id, u.Code, u.Name, u.ValidFrom, u.ValidTo })
            .ToListAsync(ct);
        var found = UnitCodes.Resolve(candidates.Select(c => new CodedUnit(c.Id, c.Code, new Validity(c.ValidFrom, c.ValidTo))), code, date);
        if (found is not null)
        {
            return (found.UnitId, null);
        }
        var day = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        if (candidates.Count == 0)
        {
            return (null, $"No province has ever had the code '{rawCode}'.");
        }
        var periods = string.Join("; ", candidates.Select(c =>
            $"{c.Name} ({Describe(c.ValidFrom, "from")} {Describe(c.ValidTo, "to")})".Replace("( ", "(", StringComparison.Ordinal).Replace(" )", ")", StringComparison.Ordinal)));
        return (null, $"No province had the code {code} on {day}. The code named: {periods}. Ask with asOf inside that period.");
    }

    private static string Describe(DateOnly? date, string word) =>
        date is null ? "" : $"{word} {date.Value.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}";
}
