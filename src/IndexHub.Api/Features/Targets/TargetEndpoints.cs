using System.ComponentModel;
using IndexHub.Api.Features.Keys;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;

namespace IndexHub.Api.Features.Targets;

/// <summary>
/// Targets: goals provinces set for their index results, who leads them, and how they stand. Reads are public; writes need an
/// editor key and follow the write rules of results (If-Match, audit, revisions, the data version).
/// </summary>
public static class TargetEndpoints
{
    private const string TargetId = "The target's id.";

    private const string Evaluation = """
        Progress is computed from the results on every read, never stored: `met`, `notMet`, `pending` (no result for the year is held yet) or
        `notEvaluable` with the reason (the rank is not published and the cohort is incomplete, so none is computed; a rank given only as an order
        in a list is not a rank; a national mean exists only as a published statistic or over a complete cohort). Each figure compared says its
        basis: `published`, `computed` (over the complete cohort) or `derived` (Cần Thơ's PCI 2022 rank is 19th only by "down 7 places on 2021"
        on the 2021 table's 12th), and `derived` is true where the evaluation rests on such a figure. What the source itself concluded is shown
        beside IndexHub's evaluation (`evaluationInSource`).
        """;

    public static RouteGroupBuilder MapTargetEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/provinces/{code}/targets", ListForProvinceAsync)
            .WithTags("Targets")
            .WithName("ListProvinceTargets")
            .WithSummary("A province's targets and who answers for them, with progress")
            .WithDescription($"""
                The goals a province set for its index results (and its own departments' and districts'): the index or component, the year or
                years, the kind (rank_at_most N, score_at_least X, rank_better_than_previous_year, score_above_national_mean, improve), who set it,
                the agency that leads it, the source with its words. The code is read on the last day of `year`; without `year`, today's province
                with the provinces it was formed from, each target evaluated in every year of its range.
                {Evaluation}
                """)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithCsv<TargetListDto>(ListProvinceTargets.ToCsv);

        api.MapGet("/indices/{code}/targets", ListForIndexAsync)
            .WithTags("Targets")
            .WithName("ListIndexTargets")
            .WithSummary("Who has set goals for an index, and how they stand")
            .WithDescription($"""
                Every province's (and department's or district's) targets for the index, with progress in `year` (or every year of each range).
                {Evaluation}
                """)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithCsv<TargetListDto>(ListIndexTargets.ToCsv);

        api.MapGet("/targets/{id:int}", GetAsync)
            .WithTags("Targets")
            .WithName("GetTarget")
            .WithSummary("One target, with the ETag that guards its change")
            .WithDescription("The target with its progress in every year of its range. Send its ETag as If-Match to PUT or DELETE it.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapGet("/targets/{id:int}/revisions", RevisionsAsync)
            .WithTags("Targets")
            .WithName("ListTargetRevisions")
            .WithSummary("A target's revisions")
            .WithDescription("Every revision of a target, oldest first (ship, create, update, delete): who wrote it, when, and the target as it left it. A deleted target's revisions stay readable.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPost("/targets", CreateAsync)
            .RequireAuthorization(AuthorizationSetup.EditorPolicy)
            .WithTags("Targets")
            .WithName("CreateTarget")
            .WithSummary("Record a target (editor key)")
            .WithDescription("""
                Records a goal as its source states it: the province (a code or any name, read on the last day of fromYear), optionally one of its
                own units, the index and component, the years, the target, who set it, the agency that leads it, the source's title, URL and date,
                its words (required) and its own evaluation. Every problem is listed at once (400). Makes revision 1, audited as target.create;
                answers 201 with the target, its progress and its ETag.
                """)
            .ProducesValidationProblem()
            .ProducesETag()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        api.MapPut("/targets/{id:int}", UpdateAsync)
            .RequireAuthorization(AuthorizationSetup.EditorPolicy)
            .WithTags("Targets")
            .WithName("UpdateTarget")
            .WithSummary("Change a target (editor key, If-Match)")
            .WithDescription("Replaces what the target states, in full. Requires If-Match with the ETag of GetTarget: a stale ETag gets 412, a missing one 428. A change makes a revision (audited as target.update); the same statement again changes nothing. A shipped target changed here keeps the editor's word over later releases of the shipped file.")
            .ProducesValidationProblem()
            .ProducesETag()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        api.MapDelete("/targets/{id:int}", DeleteAsync)
            .RequireAuthorization(AuthorizationSetup.EditorPolicy)
            .WithTags("Targets")
            .WithName("DeleteTarget")
            .WithSummary("Delete a target (editor key, If-Match)")
            .WithDescription("Removes the target from every read. A delete is a revision too (audited as target.delete): the target stays in its revisions, and the shipped data does not bring it back. Requires If-Match; a stale ETag gets 412.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return api;
    }

    private static async Task<Ok<TargetListDto>> ListForProvinceAsync([AsParameters] ListProvinceTargets.Query query, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(query, ct));

    private static async Task<Ok<TargetListDto>> ListForIndexAsync([AsParameters] ListIndexTargets.Query query, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(query, ct));

    private static async Task<Ok<TargetDto>> GetAsync([AsParameters] GetTarget.Query query, ISender sender, HttpContext http, CancellationToken ct)
    {
        var target = await sender.Send(query, ct);
        http.Response.Headers.ETag = TargetStore.ETag(target.Id, target.Revision);
        return TypedResults.Ok(target);
    }

    private static async Task<Ok<IReadOnlyList<TargetRevisionDto>>> RevisionsAsync([AsParameters] ListTargetRevisions.Query query, ISender sender, CancellationToken ct) =>
        TypedResults.Ok(await sender.Send(query, ct));

    private static async Task<Created<TargetDto>> CreateAsync(TargetInput body, ISender sender, HttpContext http, CancellationToken ct)
    {
        var target = await sender.Send(new CreateTarget.Command(body, Author.From(http)), ct);
        http.Response.Headers.ETag = TargetStore.ETag(target.Id, target.Revision);
        return TypedResults.Created($"/api/v1/targets/{target.Id}", target);
    }

    private static async Task<Ok<TargetDto>> UpdateAsync([Description(TargetId), ParameterExample(1)] int id, TargetInput body, ISender sender, HttpContext http, CancellationToken ct)
    {
        var target = await sender.Send(new UpdateTarget.Command(id, body, RequireIfMatch(http), Author.From(http)), ct);
        http.Response.Headers.ETag = TargetStore.ETag(target.Id, target.Revision);
        return TypedResults.Ok(target);
    }

    private static async Task<NoContent> DeleteAsync([Description(TargetId), ParameterExample(1)] int id, ISender sender, HttpContext http, CancellationToken ct)
    {
        await sender.Send(new DeleteTarget.Command(id, RequireIfMatch(http), Author.From(http)), ct);
        return TypedResults.NoContent();
    }

    private static string RequireIfMatch(HttpContext http)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        return string.IsNullOrWhiteSpace(ifMatch) ? throw new PreconditionRequiredException() : ifMatch.Trim();
    }
}
