using System.Text.Json;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IndexHub.Api.Features.Results;

/// <summary>One result addressed by index, year, unit and cohort; its ETag guards corrections (Features/Writes).</summary>
public static class SingleResult
{
    /// <param name="Code">The index code (any case).</param>
    /// <param name="Year">The year.</param>
    /// <param name="Unit">The unit by code or by any name.</param>
    /// <param name="Cohort">A cohort code: provinces-64, provinces-63, provinces-34, or a province's own (01-departments, 01-districts). Default: the national cohort.</param>
    public sealed record Key(
        [ParameterExample("PAR")] string Code,
        [ParameterExample(2023)] int Year,
        [ParameterExample("79")] string Unit,
        [ParameterExample("provinces-63")] string? Cohort);

    public sealed record Located(int IndexId, string IndexCode, int EditionId, int CohortId, string CohortCode, int UnitId, string UnitCode, int Year);

    /// <summary>Finds the result; an unknown index, cohort, unit or result is a <see cref="NotFoundException"/>.</summary>
    public static async Task<Located> LocateAsync(IndexHubDbContext db, ReferenceCatalogues catalogues, Key key, CancellationToken ct)
    {
        if (key.Year is < 1990 or > 2100)
        {
            throw RequestValidationException.For("year", "must be a year from 1990 to 2100.");
        }
        if (key.Unit.Length > 200)
        {
            throw RequestValidationException.For("unit", "must be at most 200 characters.");
        }
        var catalogue = await catalogues.GetAsync(db, ct);
        var index = catalogue.FindIndex(key.Code) ?? throw new NotFoundException(catalogue.UnknownIndex(key.Code));
        var cohort = key.Cohort is null ? null : catalogue.FindCohort(key.Cohort) ?? throw new NotFoundException($"No cohort has the code '{key.Cohort}'.");
        var date = catalogue.GeographyDate(index.Id, key.Year);
        var (unit, why) = cohort?.OwnerUnitId is int owner ? catalogue.ResolveOwnUnit(owner, key.Unit, date) : catalogue.ResolveProvince(key.Unit, date);
        if (unit is null)
        {
            throw new NotFoundException(why!);
        }
        var unitId = unit.Id;
        var found = await db.Results
            .Where(r => r.Edition.IndexId == index.Id && r.Year == key.Year && r.UnitId == unitId
                && (key.Cohort == null ? r.Cohort.Kind == CohortKind.Provinces : r.Cohort.Code == key.Cohort))
            .Select(r => new { r.EditionId, r.CohortId })
            .FirstOrDefaultAsync(ct)
            ?? throw new NotFoundException($"No {index.Code} result is held for {unit.Name} in {key.Year}.");
        return new Located(index.Id, index.Code, found.EditionId, found.CohortId, catalogue.Cohorts[found.CohortId].Code, unitId, unit.Code, key.Year);
    }

    public static async Task<ResultRowDto?> ReadAsync(IndexHubDbContext db, ReferenceCatalogues catalogues, Located at, CancellationToken ct) =>
        (await db.ReadResultsAsync(await catalogues.GetAsync(db, ct), r => r.EditionId == at.EditionId && r.CohortId == at.CohortId && r.UnitId == at.UnitId && r.Year == at.Year, ct))
        .SingleOrDefault()?.ToRow(ResultSelection.Whole);

    public static string ETag(ResultRowDto row, JsonSerializerOptions json) => ConditionalGetMiddleware.Tag(JsonSerializer.SerializeToUtf8Bytes(row, json));

    public const string Route = "/indices/{code}/results/{year:int}/{unit}";

    public static RouteGroupBuilder MapSingleResultEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet(Route, async Task<Results<Ok<ResultRowDto>, StatusCodeHttpResult>> ([AsParameters] Key key,
                IndexHubDbContext db, ReferenceCatalogues catalogues, IOptions<JsonOptions> json, HttpContext http, CancellationToken ct) =>
            {
                var at = await LocateAsync(db, catalogues, key, ct);
                var row = await ReadAsync(db, catalogues, at, ct) ?? throw new NotFoundException($"No {at.IndexCode} result is held for {key.Unit} in {key.Year}.");
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
        return api;
    }
}
