using System.Globalization;
using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Provinces;

public static class RegionLookup
{
    /// <summary>A region by its code ("mekong-river-delta"), its order (6) or any of its names, with or without diacritics.</summary>
    public static async Task<int?> FindRegionIdAsync(this IndexHubDbContext db, string region, CancellationToken ct)
    {
        var regions = await db.Regions.Select(r => new { r.Id, r.Code, r.Order, r.NameVi, r.NameEn }).ToListAsync(ct);
        var key = VietnameseNames.MatchKey(region);
        return regions.FirstOrDefault(r =>
            string.Equals(r.Code, region.Trim(), StringComparison.OrdinalIgnoreCase)
            || r.Order.ToString(CultureInfo.InvariantCulture) == region.Trim()
            || VietnameseNames.MatchKey(r.NameVi) == key
            || VietnameseNames.MatchKey(r.NameEn) == key)?.Id;
    }
}
