using System.Globalization;
using System.Text.Json;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using Mediator;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IndexHub.Api.Features.Writes;

/// <summary>A stale If-Match: someone else changed the result since the client read it (412).</summary>
public sealed class PreconditionFailedException(string detail) : Exception(detail);

/// <summary>A correction without If-Match: refused, so no update is ever made blind (428).</summary>
public sealed class PreconditionRequiredException() : Exception("Send If-Match with the result's ETag (GET it first).");

/// <summary>
/// What one source states about one result, in full: a correction replaces that source's statement (fields left out
/// are no longer stated by it); every other source's statement stays, and the result shows the figures chosen by precedence.
/// </summary>
public sealed record ResultUpdate
{
    /// <example>91.81</example>
    public decimal? Score { get; init; }
    /// <summary>Why there is no score: notPublished, notSurveyed, withheld or notApplicable.</summary>
    /// <example>null</example>
    public string? Status { get; init; }
    /// <example>2</example>
    public int? Rank { get; init; }
    /// <example>null</example>
    public string? Tier { get; init; }
    /// <example>corrected after the ministry's erratum</example>
    public string? Note { get; init; }
    /// <summary>The source's words that state the figure.</summary>
    /// <example>null</example>
    public string? Quote { get; init; }
    /// <summary>Component scores by code; "N/A" where a component does not apply.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Components { get; init; }
    public required SourceInput Source { get; init; }
}

/// <summary>Corrects one result: a source's statement about it, replaced whole, under If-Match.</summary>
public static class CorrectResult
{
    /// <param name="Result">Which result.</param>
    /// <param name="Update">What the source states.</param>
    /// <param name="ExpectedETag">The If-Match the client sent: the result must still be as it read it.</param>
    /// <param name="Author">Who writes.</param>
    public sealed record Command(SingleResult.Key Result, ResultUpdate Update, string ExpectedETag, Author Author) : ICommand<ResultRowDto?>;

    public sealed class Handler(
        IndexHubDbContext db, ReferenceCatalogues catalogues, WriteTransaction transaction, ResultStores stores, IOptions<JsonOptions> json)
        : ICommandHandler<Command, ResultRowDto?>
    {
        public async ValueTask<ResultRowDto?> Handle(Command command, CancellationToken cancellationToken)
        {
            var at = await SingleResult.LocateAsync(db, catalogues, command.Result, cancellationToken);
            var body = command.Update;
            var cells = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["unit"] = at.UnitCode,
                ["score"] = body.Score?.ToString(CultureInfo.InvariantCulture) ?? "",
                ["rank"] = body.Rank?.ToString(CultureInfo.InvariantCulture) ?? "",
                ["tier"] = body.Tier ?? "",
                ["status"] = body.Status ?? "",
                ["note"] = body.Note ?? "",
                ["quote"] = body.Quote ?? "",
            };
            foreach (var (component, value) in body.Components ?? new Dictionary<string, JsonElement>())
            {
                cells[component.ToLowerInvariant()] = value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
            }
            var table = TableValidator.Validate(command.Result.Code, new ImportOptions(command.Result.Year, null, at.CohortCode, null, false, body.Source),
                new ParsedTable([.. cells.Keys], [new TableRow(1, cells)]), await catalogues.GetAsync(db, cancellationToken))!;
            await transaction.RunAsync(at.IndexId, command.Result.Year, "update", command.Author, dryRun: false, table.Rows[0].Source, table.Target,
                async (context, ct) =>
                {
                    await Preconditions.CheckAsync(db, context.Catalogue, at, command.ExpectedETag, json.Value.SerializerOptions, ct);
                    await TableMerge.ApplyAsync(db, stores, table, context, replace: true, ct);
                }, cancellationToken);
            return await SingleResult.ReadAsync(db, catalogues, at, cancellationToken);
        }
    }
}

/// <summary>Deletes one result, under If-Match. A delete is a revision: the result stays readable in the history.</summary>
public static class DeleteResult
{
    public sealed record Command(SingleResult.Key Result, string ExpectedETag, Author Author) : ICommand<Unit>;

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues, WriteTransaction transaction, IOptions<JsonOptions> json)
        : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            var at = await SingleResult.LocateAsync(db, catalogues, command.Result, cancellationToken);
            await transaction.RunAsync(at.IndexId, command.Result.Year, "delete", command.Author, dryRun: false, source: null,
                $"{at.IndexCode} {command.Result.Year} {at.UnitCode}",
                async (context, ct) =>
                {
                    await Preconditions.CheckAsync(db, context.Catalogue, at, command.ExpectedETag, json.Value.SerializerOptions, ct);
                    var result = await db.Results.SingleAsync(r => r.EditionId == at.EditionId && r.CohortId == at.CohortId && r.UnitId == at.UnitId && r.Year == at.Year, ct);
                    // Rows that name it as their previous year are recomputed after; release the link first.
                    await db.Results.Where(r => r.PreviousResultId == result.Id).ExecuteUpdateAsync(set => set.SetProperty(r => r.PreviousResultId, (int?)null), ct);
                    db.Results.Remove(result);
                }, cancellationToken);
            return Unit.Value;
        }
    }
}

public static class Preconditions
{
    /// <summary>Under the write lock: the client's ETag must still be the result's.</summary>
    public static async Task CheckAsync(IndexHubDbContext db, ReferenceCatalogue catalogue, SingleResult.Located at, string ifMatch, JsonSerializerOptions json, CancellationToken ct)
    {
        var current = (await db.ReadResultsAsync(catalogue, r => r.EditionId == at.EditionId && r.CohortId == at.CohortId && r.UnitId == at.UnitId && r.Year == at.Year, ct))
            .SingleOrDefault()?.ToRow(ResultSelection.Whole) ?? throw new PreconditionFailedException("The result no longer exists.");
        var etag = SingleResult.ETag(current, json);
        if (ifMatch != "*" && !ifMatch.Split(',').Select(t => t.Trim().Replace("W/", "", StringComparison.Ordinal)).Contains(etag))
        {
            throw new PreconditionFailedException($"The result changed since it was read (its ETag is now {etag}); read it again and reapply the correction.");
        }
    }
}
