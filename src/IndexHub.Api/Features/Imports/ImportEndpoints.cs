using System.Text;
using IndexHub.Api.Features.Keys;
using IndexHub.Api.Infrastructure;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;

namespace IndexHub.Api.Features.Imports;

public static class ImportEndpoints
{
    public static RouteGroupBuilder MapImportEndpoints(this RouteGroupBuilder api, ImportLimits limits)
    {
        api.MapPost("/indices/{code}/imports", async Task<Results<Ok<ImportOutcomeDto>, ProblemHttpResult>> (
                string code, int? year, string? edition, string? cohort, DateOnly? geography, bool? dryRun,
                string? sourcePublisher, string? sourceTitle, string? sourceUrl, DateOnly? sourceDate,
                HttpRequest request, ISender sender, CancellationToken ct) =>
            {
                if (request.ContentLength > limits.MaxBodyBytes)
                {
                    // Kestrel also stops a longer body of unannounced length at the same limit.
                    return TypedResults.Problem(new ProblemDetails
                    {
                        Status = StatusCodes.Status413PayloadTooLarge,
                        Title = "The table is too large.",
                        Detail = $"An import body holds at most {limits.MaxBodyBytes} bytes (Imports:MaxBodyBytes); split the table.",
                    });
                }
                var tableSource = new SourceInput(sourcePublisher, sourceTitle, sourceUrl, sourceDate);
                var options = new ImportOptions(year, edition, cohort, geography, dryRun ?? false, tableSource);
                IReadOnlyList<string> columns;
                IReadOnlyList<ImportRow> rows;
                var contentType = request.ContentType ?? "";
                if (request.HasFormContentType)
                {
                    var form = await request.ReadFormAsync(ct);
                    var file = form.Files.GetFile("file") ?? form.Files.FirstOrDefault()
                        ?? throw RequestValidationException.For("file", "upload the table as a form field named file.");
                    using var reader = new StreamReader(file.OpenReadStream(), Encoding.UTF8);
                    var text = await reader.ReadToEndAsync(ct);
                    if (file.FileName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || (file.ContentType ?? "").Contains("json", StringComparison.OrdinalIgnoreCase))
                    {
                        (options, columns, rows) = FromJson(text, options, limits);
                    }
                    else
                    {
                        (columns, rows) = ImportInput.ReadCsv(new StringReader(text), limits.MaxRows);
                    }
                }
                else if (contentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
                {
                    using var reader = new StreamReader(request.Body, Encoding.UTF8);
                    (options, columns, rows) = FromJson(await reader.ReadToEndAsync(ct), options, limits);
                }
                else if (contentType.StartsWith("text/csv", StringComparison.OrdinalIgnoreCase) || contentType.StartsWith("text/plain", StringComparison.OrdinalIgnoreCase))
                {
                    // Read whole (the size limit bounds it): the CSV parser reads synchronously.
                    using var reader = new StreamReader(request.Body, Encoding.UTF8);
                    (columns, rows) = ImportInput.ReadCsv(new StringReader(await reader.ReadToEndAsync(ct)), limits.MaxRows);
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
                var outcome = await sender.Send(new ImportTable.Command(code, options, columns, rows, Writer.From(request.HttpContext)), ct);
                return outcome is null
                    ? TypedResults.Problem(ProblemSetup.NotFound(request.HttpContext, $"No index has the code '{code}'."))
                    : TypedResults.Ok(outcome);
            })
            .RequireAuthorization(AuthorizationSetup.EditorPolicy)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(limits.MaxBodyBytes))
            .Accepts<ImportJson>("application/json", "text/csv", "multipart/form-data")
            .WithTags("Imports")
            .WithName("ImportTable")
            .WithSummary("Import a published table (editor key)")
            .WithDescription("""
                Imports one year of an index as the publisher printed it: CSV (text/csv body or a file upload in the form field `file`) or JSON.
                CSV columns: `unit` (a code, or any name a publisher uses: TP.HCM, TT-Huế, BRVT), `year` (or the `year` option), `score`, `rank`
                (out of the whole cohort, even for a partial table), `tier`, `status` (for an absent score: notPublished, notSurveyed, withheld,
                notApplicable, notInSource), `note`, one column per component named by its code (N/A where it does not apply), and the source:
                `source_publisher`, `source_title`, `source_url`, `source_date` (per row, or for the whole table as options). Options: `edition`,
                `cohort`, `geography` (the day whose provinces the table names; default the year's last day), `dryRun`.
                All or nothing: a table with any error writes nothing and answers 422 with every error (row, column, value, reason). The same
                table twice changes nothing and says so. Changed figures make a revision; the old ones stay readable with `revision` or `asOf`.
                """)
            .Produces<ImportOutcomeDto>()
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status413PayloadTooLarge)
            .ProducesProblem(StatusCodes.Status415UnsupportedMediaType)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity);
        return api;
    }

    private static (ImportOptions, IReadOnlyList<string>, IReadOnlyList<ImportRow>) FromJson(string body, ImportOptions query, ImportLimits limits)
    {
        var json = ImportInput.ReadJson(body);
        var (columns, rows) = ImportInput.FromJson(json, limits.MaxRows);
        // Options in the body win over the query string's.
        var options = new ImportOptions(
            json.Year ?? query.Year, json.Edition ?? query.Edition, json.Cohort ?? query.Cohort, json.Geography ?? query.Geography,
            json.DryRun || query.DryRun, json.Source ?? query.Source);
        return (options, columns, rows);
    }
}
