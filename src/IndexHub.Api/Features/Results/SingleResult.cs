using System.Globalization;
using System.Text.Json;
using IndexHub.Api.Features.Imports;
using IndexHub.Api.Features.Keys;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using IndexHub.Api.Persistence.Loading;
using Mediator;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;

using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IndexHub.Api.Features.Results;

/// <summary>A stale If-Match: someone else changed the result since the client read it.</summary>
public sealed class PreconditionFailedException(string detail) : Exception(detail);

/// <summary>A correction of one result; absent fields become absent (PUT replaces).</summary>
public sealed record ResultUpdate
{
    /// <example>91.81</example>
    public decimal? Score { get; init; }
    /// <example>null</example>
    public string? Status { get; init; }
    /// <example>2</example>
    public int? Rank { get; init; }
    /// <example>null</example>
    public string? Tier { get; init; }
    /// <example>corrected after the ministry's erratum</example>
    public string? Note { get; init; }
    /// <summary>Component scores by code; components not named keep their values.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Components { get; init; }
    public required SourceInput Source { get; init; }
}

/// <summary>One result addressed by index, year, unit and cohort; its ETag guards corrections.</summary>
public static class SingleResult
{
    public sealed record Key(string Index, int Year, string Unit, string? Cohort);

    public sealed record Located(int IndexId, int EditionId, int CohortId, int UnitId, string UnitCode);

    /// <summary>Finds the result, or says why not.</summary>
    public static async Task<(Located? Found, string? NotFound)> LocateAsync(IndexHubDbContext db, Key key, CancellationToken ct)
    {
        if (key.Year is < 1990 or > 2100)
        {
            throw RequestValidationException.For("year", "must be a year from 1990 to 2100.");
        }
        if (key.Unit.Length > 200)
        {
            throw RequestValidationException.For("unit", "must be at most 200 characters.");
        }
        var resolver = await GeographyResolver.CreateAsync(db, ct);
        var index = resolver.Index(key.Index);
        if (index is null)
        {
            return (null, $"No index has the code '{key.Index}'.");
        }
        var cohort = key.Cohort is null ? null : resolver.CohortByCode(key.Cohort);
        if (key.Cohort is not null && cohort is null)
        {
            return (null, $"No cohort has the code '{key.Cohort}'.");
        }
        AdministrativeUnit? unit;
        string? why = null;
        if (cohort?.OwnerUnitId is int owner)
        {
            unit = resolver.SubUnit(owner, key.Unit);
        }
        else
        {
            (unit, why) = resolver.ResolveProvince(key.Unit, resolver.GeographyDate(index.Code, key.Year));
        }
        if (unit is null)
        {
            return (null, why ?? $"'{key.Unit}' is not a unit of the cohort.");
        }
        var unitId = unit.Id;
        var found = await db.Results
            .Where(r => r.Edition.IndexId == index.Id && r.Year == key.Year && r.UnitId == unitId
                && (key.Cohort == null ? r.Cohort.Kind == CohortKind.Provinces : r.Cohort.Code == key.Cohort))
            .Select(r => new Located(index.Id, r.EditionId, r.CohortId, r.UnitId, unit.Code))
            .FirstOrDefaultAsync(ct);
        return found is null ? (null, $"No {index.Code} result is held for {unit.Name} in {key.Year}.") : (found, null);
    }

    public static async Task<ResultRowDto?> ReadAsync(IndexHubDbContext db, ReferenceCatalogues catalogues, Located at, int year, CancellationToken ct) =>
        (await db.ReadResultsAsync(await catalogues.GetAsync(db, ct), r => r.EditionId == at.EditionId && r.CohortId == at.CohortId && r.UnitId == at.UnitId && r.Year == year, ct))
        .SingleOrDefault()?.ToRow();

    public static string ETag(ResultRowDto row, JsonSerializerOptions json) => ConditionalGetMiddleware.Tag(JsonSerializer.SerializeToUtf8Bytes(row, json));

    public static RouteGroupBuilder MapSingleResultEndpoints(this RouteGroupBuilder api)
    {
        var route = "/indices/{code}/results/{year:int}/{unit}";

        api.MapGet(route, async Task<Results<Ok<ResultRowDto>, StatusCodeHttpResult, ProblemHttpResult>> (string code, int year, string unit, string? cohort,
                IndexHubDbContext db, ReferenceCatalogues catalogues, IOptions<JsonOptions> json, HttpContext http, CancellationToken ct) =>
            {
                var (at, notFound) = await LocateAsync(db, new Key(code, year, unit, cohort), ct);
                var row = at is null ? null : await ReadAsync(db, catalogues, at, year, ct);
                if (row is null)
                {
                    return TypedResults.Problem(ProblemSetup.NotFound(http, notFound ?? "Not found."));
                }
                var etag = ETag(row, json.Value.SerializerOptions);
                http.Response.Headers.ETag = etag;
                // This ETag is the row's own (If-Match compares with it), so the row answers If-None-Match itself.
                if (ConditionalGetMiddleware.Matches(http.Request, new Microsoft.Net.Http.Headers.EntityTagHeaderValue(etag)))
                {
                    return TypedResults.StatusCode(StatusCodes.Status304NotModified);
                }
                return TypedResults.Ok(row);
            })
            .WithTags("Results")
            .WithName("GetResult")
            .WithSummary("One result, with the ETag that guards its correction")
            .WithDescription("One unit's result for an index and year (`unit` by code or name; `cohort` for a province's own cohorts). Send its ETag as If-Match to PUT or DELETE it.")
            .ProducesProblem(StatusCodes.Status404NotFound);

        api.MapPut(route, async Task<Results<Ok<ResultRowDto>, ProblemHttpResult>> (string code, int year, string unit, string? cohort, ResultUpdate body,
                IndexHubDbContext db, ReferenceCatalogues catalogues, ISender sender, IOptions<JsonOptions> json, HttpContext http, CancellationToken ct) =>
            {
                var ifMatch = RequireIfMatch(http);
                var (at, notFound) = await LocateAsync(db, new Key(code, year, unit, cohort), ct);
                if (at is null)
                {
                    return TypedResults.Problem(ProblemSetup.NotFound(http, notFound!));
                }
                var cells = new Dictionary<string, string>(StringComparer.Ordinal) { ["unit"] = at.UnitCode };
                var columns = new List<string> { "unit", "score", "rank", "tier", "status", "note" };
                cells["score"] = body.Score?.ToString(CultureInfo.InvariantCulture) ?? "";
                cells["rank"] = body.Rank?.ToString(CultureInfo.InvariantCulture) ?? "";
                cells["tier"] = body.Tier ?? "";
                cells["status"] = body.Status ?? "";
                cells["note"] = body.Note ?? "";
                foreach (var (component, value) in body.Components ?? new Dictionary<string, JsonElement>())
                {
                    columns.Add(component.ToLowerInvariant());
                    cells[component.ToLowerInvariant()] = value.ValueKind == JsonValueKind.String ? value.GetString() ?? "" : value.GetRawText();
                }
                var cohortCode = cohort;
                var command = new ImportTable.Command(code, new ImportOptions(year, null, cohortCode, null, false, body.Source), columns,
                    [new ImportRow(1, cells)], Writer.From(http), "update",
                    async innerCt => await CheckAsync(db, catalogues, at, year, ifMatch, json.Value.SerializerOptions, innerCt));
                await sender.Send(command, ct);
                var row = (await ReadAsync(db, catalogues, at, year, ct))!;
                http.Response.Headers.ETag = ETag(row, json.Value.SerializerOptions);
                return TypedResults.Ok(row);
            })
            .RequireAuthorization(AuthorizationSetup.EditorPolicy)
            .WithTags("Results")
            .WithName("UpdateResult")
            .WithSummary("Correct one result (editor key, If-Match)")
            .WithDescription("Replaces the result's score, status, rank, tier and note, and the components named, from a source. Requires If-Match with the ETag of GetResult: a stale ETag gets 412 and nothing changes. The old figures stay readable in the revisions.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status422UnprocessableEntity)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);

        api.MapDelete(route, async Task<Results<NoContent, ProblemHttpResult>> (string code, int year, string unit, string? cohort,
                IndexHubDbContext db, ReferenceCatalogues catalogues, ResultWriter writer, IOptions<JsonOptions> json, HttpContext http, CancellationToken ct) =>
            {
                var ifMatch = RequireIfMatch(http);
                var (at, notFound) = await LocateAsync(db, new Key(code, year, unit, cohort), ct);
                if (at is null)
                {
                    return TypedResults.Problem(ProblemSetup.NotFound(http, notFound!));
                }
                await writer.WriteAsync(at.IndexId, year, "delete", Writer.From(http), dryRun: false, source: null, $"{code.ToUpperInvariant()} {year} {at.UnitCode}",
                    async innerCt =>
                    {
                        await CheckAsync(db, catalogues, at, year, ifMatch, json.Value.SerializerOptions, innerCt);
                        var result = await db.Results.SingleAsync(r => r.EditionId == at.EditionId && r.CohortId == at.CohortId && r.UnitId == at.UnitId && r.Year == year, innerCt);
                        // Rows that name it as their previous year are recomputed after; release the link first.
                        foreach (var next in await db.Results.Where(r => r.PreviousResultId == result.Id).ToListAsync(innerCt))
                        {
                            next.PreviousResultId = null;
                        }
                        db.Results.Remove(result);
                    }, ct);
                return TypedResults.NoContent();
            })
            .RequireAuthorization(AuthorizationSetup.EditorPolicy)
            .WithTags("Results")
            .WithName("DeleteResult")
            .WithSummary("Delete one result (editor key, If-Match)")
            .WithDescription("Removes the result from the current figures. A delete is a revision too: the result stays readable in the history. Requires If-Match; a stale ETag gets 412.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status412PreconditionFailed)
            .ProducesProblem(StatusCodes.Status428PreconditionRequired);
        return api;
    }

    private static string RequireIfMatch(HttpContext http)
    {
        var ifMatch = http.Request.Headers.IfMatch.ToString();
        if (string.IsNullOrWhiteSpace(ifMatch))
        {
            throw new PreconditionRequiredException();
        }
        return ifMatch.Trim();
    }

    /// <summary>Under the write lock: the client's ETag must still be the result's.</summary>
    private static async Task CheckAsync(IndexHubDbContext db, ReferenceCatalogues catalogues, Located at, int year, string ifMatch, JsonSerializerOptions json, CancellationToken ct)
    {
        var current = await ReadAsync(db, catalogues, at, year, ct) ?? throw new PreconditionFailedException("The result no longer exists.");
        var etag = ETag(current, json);
        if (ifMatch != "*" && !ifMatch.Split(',').Select(t => t.Trim().Replace("W/", "", StringComparison.Ordinal)).Contains(etag))
        {
            throw new PreconditionFailedException($"The result changed since it was read (its ETag is now {etag}); read it again and reapply the correction.");
        }
    }
}

/// <summary>A correction without If-Match: refused, so no update is ever made blind.</summary>
public sealed class PreconditionRequiredException() : Exception("Send If-Match with the result's ETag (GET it first).");
