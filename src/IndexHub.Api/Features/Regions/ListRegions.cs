using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Regions;

/// <summary>A socio-economic region (Nghị quyết 81/2023/QH15).</summary>
public sealed record RegionDto
{
    /// <example>mekong-river-delta</example>
    public required string Code { get; init; }
    /// <summary>The order in which the resolution lists the regions, 1 to 6.</summary>
    /// <example>6</example>
    public required int Order { get; init; }
    /// <example>Đồng bằng sông Cửu Long</example>
    public required string NameVi { get; init; }
    /// <example>Mekong River Delta</example>
    public required string NameEn { get; init; }
    /// <example>Nghị quyết 81/2023/QH15</example>
    public required string LegalBasis { get; init; }
}

public static class ListRegions
{
    public sealed record Query : IQuery<Page<RegionDto>>;

    public sealed class Handler(IndexHubDbContext db) : IQueryHandler<Query, Page<RegionDto>>
    {
        public async ValueTask<Page<RegionDto>> Handle(Query query, CancellationToken cancellationToken) =>
            Page<RegionDto>.All(await db.Regions.OrderBy(r => r.Order).ProjectToType<RegionDto>().ToListAsync(cancellationToken));
    }
}
