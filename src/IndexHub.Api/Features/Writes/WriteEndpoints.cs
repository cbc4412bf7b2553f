using IndexHub.Api.Features.Keys;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using JsonOptions = Microsoft.AspNetCore.Http.Json.JsonOptions;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Microsoft.Net.Http.Headers;

namespace IndexHub.Api.Features.Writes;

/// <summary>The write routes: import a table, correct or delete one result. Each needs an editor key.</summary>
public static class WriteEndpoints
{
    public static RouteGroupBuilder MapWriteEndpoints(this RouteGroupBuilder api, WriteSettings settings)
    {
        api.MapPost("/indices/{code}/imports", ImportAsync)
            .RequireAuthorization(AuthorizationSetup.EditorPolicy)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(settings.MaxBodyBytes))
            .Accepts<ImportJson>("application/json", "text/csv", "multipart/form-data")
            .WithTags("Imports")
            .WithName("ImportTable")
            .WithSummary("Import a published table (editor key)")
            .WithDescription("""
                Imports one year of an index as a source printed it: CSV (text/csv body, UTF-8, UTF-16 or Windows-1258, or a file upload in the
                form field `file`) or JSON. CSV columns: `unit` (a code, or any name a publisher uses: TP.HCM, TT-Huế, BRVT; `national`, a region's
                code or `cohort` for a published statistic, with `metric` mean or median), `year` (or the `year` option), `score`, `rank` (out of the
                whole cohort, even for a partial table), `rank_basis` (explicit, listing_order, score_order_in_published_top10), `tier`, `status` (why a
                score is absent: notPublished, notSurveyed, withheld, notApplicable), `note`, `quote`, one column per component named by its code (N/A
                where it does not apply), and the source: `source_publisher`, `source_title`, `source_url`, `source_date`, `source_kind` (per row, or for
                the whole table as options). A table states only what it holds: a missing column or an empty cell leaves what is stored alone; every
                source's figures are kept and the result shows the figure of the leading source kind (publisher, official, press, secondary).
                All or nothing: a table with any error writes nothing and answers 422 with every error (row, column, value, reason). The same table
                twice changes nothing and says so. Changed figures make a revision; the old ones stay readable with `revision` or `asOf`.
                """)
            .Produces<ImportOutcomeDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);

        api.MapPut(SingleResult.Route, CorrectAsync)
            .RequireAuthorization(AuthorizationSetup.EditorPolicy)
            .WithTags("Results")
            .WithName("UpdateResult")
            .WithSummary("Correct one result (editor key, If-Match)")
            .WithDescription("""
                States what one source says about the result, in full: that source's statement is replaced (fields left out are no longer stated by
                it), every other source's statement stays, and the result shows the figures chosen by precedence. Requires If-Match with the ETag of
                GetResult: a stale ETag gets 412 and nothing changes. The old figures stay readable in the revisions.
                """)
            .ProducesValidationProblem()
            .ProducesETag()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        api.MapDelete(SingleResult.Route, DeleteAsync)
            .RequireAuthorization(AuthorizationSetup.EditorPolicy)
            .WithTags("Results")
            .WithName("DeleteResult")
            .WithSummary("Delete one result (editor key, If-Match)")
            .WithDescription("Removes the result, with every source's statement of it, from the current figures. A delete is a revision too: the result stays readable in the history. Requires If-Match; a stale ETag gets 412.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return api;
    }

    private static async Task<Results<Ok<ImportOutcomeDto>, ProblemHttpResult>> ImportAsync(
        [AsParameters] ImportTable.Request query, HttpRequest request, ISender sender, WriteSettings settings, CancellationToken ct)
    {
        if (request.ContentLength > settings.MaxBodyBytes)
        {
            // Kestrel also stops a longer body of unannounced length at the same limit.
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The table is too large.",
                Detail = $"An import body holds at most {settings.MaxBodyBytes} bytes (Imports:MaxBodyBytes); split the table.",
            });
        }
        var options = query.Options();
        ParsedTable table;
        if (request.HasFormContentType)
        {
            var form = await request.ReadFormAsync(ct);
            var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault()
                ?? throw RequestValidationException.For("file", "upload the table as a form field named file.");
            await using var stream = file.OpenReadStream();
            var text = TableParser.Decode(await ReadAllAsync(stream, ct), Charset(file.ContentType));
            var json = file.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || (file.ContentType ?? "").Contains("json", StringComparison.OrdinalIgnoreCase);
            (options, table) = json ? TableParser.FromJson(TableParser.ReadJson(text), options, settings.MaxRows) : (options, TableParser.ReadCsv(text, settings.MaxRows));
        }
        else if (MediaTypeHeaderValue.TryParse(request.ContentType, out var media) && media.MediaType.Value is "application/json" or "text/csv" or "text/plain")
        {
            var text = TableParser.Decode(await ReadAllAsync(request.Body, ct), media.Charset.Value);
            (options, table) = media.MediaType.Value == "application/json"
                ? TableParser.FromJson(TableParser.ReadJson(text), options, settings.MaxRows)
                : (options, TableParser.ReadCsv(text, settings.MaxRows));
        }
        else
        {
            return TypedResults.Problem(new ProblemDetails
            {
                Status = StatusCodes.Status415UnsupportedMediaType,
                Title = "Unsupported content type.",
                Detail = "Send the table as text/csv, application/json, or a multipart/form-data upload in a field named file.",
            });
        }
        var outcome = await sender.Send(new ImportTable.Command(query.Code, options, table, Author.From(request.HttpContext)), ct)
            ?? throw new NotFoundException($"No index has the code '{query.Code}'.");
        return TypedResults.Ok(outcome);
    }

    private static async Task<Ok<ResultRowDto>> CorrectAsync(
        [AsParameters] SingleResult.Key key, ResultUpdate body, ISender sender, IOptions<JsonOptions> json, HttpContext http, CancellationToken ct)
    {
        var row = await sender.Send(new CorrectResult.Command(key, body, RequireIfMatch(http), Author.From(http)), ct)
            ?? throw new NotFoundException($"No {key.Code} result is held for {key.Unit} in {key.Year}.");
        http.Response.Headers.ETag = SingleResult.ETag(row, json.Value.SerializerOptions);
        return TypedResults.Ok(row);
    }

    private static async Task<NoContent> DeleteAsync([AsParameters] SingleResult.Key key, ISender sender, HttpContext http, CancellationToken ct)
    {
        await sender.Send(new DeleteResult.Command(key, RequireIfMatch(http), Author.From(http)), ct);
        return TypedResults.NoContent();
    }

    private static string RequireIfMatch(HttpContext http)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        return string.IsNullOrWhiteSpace(ifMatch) ? throw new PreconditionRequiredException() : ifMatch.Trim();
    }

    private static string? Charset(string? contentType) =>
        MediaTypeHeaderValue.TryParse(contentType, out var media) ? media.Charset.Value : null;

    /// <summary>The whole body (the size limit bounds it): the encoding is decided on the bytes, and the CSV parser reads synchronously.</summary>
    private static async Task<byte[]> ReadAllAsync(Stream stream, CancellationToken ct)
    {
        using var buffer = new MemoryStream();
        await stream.CopyToAsync(buffer, ct);
        return buffer.ToArray();
    }
}
