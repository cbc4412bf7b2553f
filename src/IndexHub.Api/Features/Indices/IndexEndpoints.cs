using IndexHub.Api.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IndexHub.Api.Features.Indices;

public static class IndexEndpoints
{
    public static RouteGroupBuilder MapIndexEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/indices").WithTags("Indices");

        group.MapGet("/", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListIndices.Query(), ct)))
            .WithName("ListIndices")
            .WithSummary("List the indices with their editions and components")
            .WithDescription("PAR, SIPAS, PCI, PAPI, DTI and DDCI: publisher, scale, direction, the units assessed, tiers or groups, and each edition with its components.");

        group.MapGet("/{code}", async Task<Results<Ok<IndexDto>, ProblemHttpResult>> (string code, ISender sender, HttpContext http, CancellationToken ct) =>
                await sender.Send(new GetIndex.Query(code), ct) is { } index
                    ? TypedResults.Ok(index)
                    : TypedResults.Problem(ProblemSetup.NotFound(http, $"No index has the code '{code}'. Known: PAR, SIPAS, PCI, PAPI, DTI, DDCI.")))
            .WithName("GetIndex")
            .WithSummary("Get one index with its editions and components")
            .WithDescription("One index by code (case-insensitive). PAPI has two editions: 6 dimensions to 2017, 8 dimensions with their sub-dimensions from 2018.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }
}
