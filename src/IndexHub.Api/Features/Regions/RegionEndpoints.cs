using Mediator;

namespace IndexHub.Api.Features.Regions;

public static class RegionEndpoints
{
    public static RouteGroupBuilder MapRegionEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/regions").WithTags("Regions");
        group.MapGet("/", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListRegions.Query(), ct)))
            .WithName("ListRegions")
            .WithSummary("List the six socio-economic regions")
            .WithDescription("The regions of Nghị quyết 81/2023/QH15 in their legal order. Use a region's code, order or name in the `region` filter of other endpoints.");
        return group;
    }
}
