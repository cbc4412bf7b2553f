using IndexHub.Api.Infrastructure;
using Mediator;

namespace IndexHub.Api.Features.Compare;

public static class CompareEndpoints
{
    public static RouteGroupBuilder MapCompareEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/compare", async ([AsParameters] CompareUnits.Query query, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(query, ct)))
            .WithTags("Compare")
            .WithName("CompareUnits")
            .WithSummary("Provinces side by side on one index")
            .WithDescription($"""
                The total and each component for up to 20 (Limits:MaxCompareUnits) provinces (`units=79,01,92`), with the national mean of every row
                (published where printed, computed over the complete cohort otherwise, each labelled) and the best of the compared units per row.
                Codes are read on the geography of the year's table. Default year: the latest held. `units` holds each unit's result row
                (codes and figures; `include=components,sources` and `fields=` as on the ranking).
                """)
            .ProducesValidationProblem()
            .WithCsv<ComparisonDto>(CompareUnits.ToCsv);
        return api;
    }
}
