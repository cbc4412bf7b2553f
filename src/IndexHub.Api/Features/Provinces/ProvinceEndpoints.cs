using System.ComponentModel;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Features.Indices;
using Mediator;

namespace IndexHub.Api.Features.Provinces;

public static class ProvinceEndpoints
{
    public static RouteGroupBuilder MapProvinceEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/provinces").WithTags("Provinces");

        group.MapGet("/", async ([AsParameters] ListProvinces.Query query, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(query, ct)))
            .WithCsv<ProvinceListDto>(ListProvinces.ToCsv)
            .WithName("ListProvinces")
            .WithSummary("List the provinces valid on a date")
            .WithDescription("""
                The provinces and centrally-run cities in force on `asOf`, or on the last day of `year`, or today in Vietnam:
                34 from 2025-07-01, 63 from 2008-08-01 to 2025-06-30, 64 before (with Hà Tây). Names are those in force on that day
                (Thừa Thiên Huế in 2023, Huế from 2025). `q` finds a province by any spelling, with or without diacritics, or by code.
                """)
            .ProducesValidationProblem();

        group.MapGet("/match", async ([AsParameters] MatchProvinceName.Query query, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(query, ct)))
            .WithName("MatchProvinceName")
            .WithSummary("Resolve a spelling to a province")
            .WithDescription("""
                Which province does a name mean? Accepts any spelling a publisher or person uses ("TP.HCM", "Ho Chi Minh City",
                "TT-Huế", "BRVT", "Hoà Bình"), as it was on `asOf` (default today in Vietnam, as the provinces list): "Bắc Ninh" is
                code 24 today and code 27 with asOf=2024-01-01. A name that could be two provinces on that day is answered
                `ambiguous` with both, never guessed.
                """)
            .ProducesValidationProblem();

        group.MapGet("/{code}", async ([AsParameters] GetProvince.Query query, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(query, ct)))
            .WithName("GetProvince")
            .WithSummary("Get one province with its history")
            .WithDescription("""
                The province that `code` named on `asOf` (default: today in Vietnam), with its names over time, its predecessors and
                successors, region and validity. Codes were reused in 2025: 24 is Bắc Giang on 2024-01-01 and Bắc Ninh today.
                """)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapPost("/{code}/units", async (
                [Description("The province's 2-digit GSO code, read as of the unit's validFrom (default today)."), ParameterExample("48")] string code,
                NewProvinceUnit body, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var created = await sender.Send(new AddProvinceUnit.Command(code, body, Features.Writes.Author.From(http)), ct);
                return TypedResults.Created($"/api/v1/provinces/{code}/units", created);
            })
            .RequireAuthorization(Features.Keys.AuthorizationSetup.EditorPolicy)
            .WithName("AddProvinceUnit")
            .WithSummary("Add one of a province's own units (editor key)")
            .WithDescription("""
                Adds a department (sở, ban, ngành) or a district that a province ranks in its own index (DDCI, its PAR of its units), with
                a code ("{province}-{name}", made from the name when left out), names (matched without diacritics, as provinces' are), a
                validity period and the source that names it. A code or name another unit of the province holds in an overlapping
                period is a 409. Its cohort ({province}-departments or -districts) is made where the province has none. Audited.
                """)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound)
            .ProducesProblem(StatusCodes.Status409Conflict);

        group.MapGet("/{code}/units", async ([AsParameters] ListProvinceUnits.Query query, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(query, ct)))
            .WithName("ListProvinceUnits")
            .WithSummary("List the departments and districts a province ranks")
            .WithDescription("""
                The departments (sở) and districts under a province, as its own indices (PAR, DDCI) name them. `asOf` resolves the
                province's code and keeps only units valid that day; without it every unit held is listed with its validity
                (districts end on 2025-06-30, when the district level was abolished).
                """)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{code}/results", async ([AsParameters] GetProvinceSeries.Query query, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(query, ct)))
            .WithName("GetProvinceSeries")
            .WithSummary("A province's results over the years, with its predecessors' series")
            .WithDescription("""
                Time series per index with the change on each previous year. For a province formed in 2025 (Cần Thơ, 92), the series of the
                provinces it was formed from (Cần Thơ, Hậu Giang, Sóc Trăng) come side by side, each labelled: never averaged into a figure no
                publisher produced. `index` takes a comma-separated list (PAR,PCI); `from` and `to` bound the years. Points carry codes and figures,
                with the names once in `names`; `include=components,sources` adds each point's components and sources, `fields=year,score,rank`
                keeps only those properties.
                """)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithCsv<ProvinceSeriesDto>(GetProvinceSeries.ToCsv);

        group.MapGet("/{code}/scorecard", async ([AsParameters] GetScorecard.Query query, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(query, ct)))
            .WithName("GetScorecard")
            .WithSummary("Every index for a province and year, side by side")
            .WithDescription("""
                For each index held (named in Vietnamese and English): its result row with score, rank out of the cohort, tier and the change in
                score and places on the previous year (`result.change`, from both ranks); a change a source stated without ranks is among
                `publishedStatements`; and each component against the national mean. `include=components,sources` adds the row's own components
                and sources. The code is read on the year's last day:
                Cần Thơ 2022 reads PAR up 25 places (51 to 26), SIPAS up 12 (48 to 36), PCI down 7 (as stated), PAPI down 13 (42 to 55).
                """)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithCsv<ScorecardDto>(GetScorecard.ToCsv);

        group.MapGet("/{code}/units/results", async ([AsParameters] GetUnitRankings.Query query, ISender sender, HttpContext http, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(query with { Include = CsvExport.IncludeFor(http.Request, query.Include, "names") }, ct)))
            .WithName("GetUnitRankings")
            .WithSummary("A province's own ranking of its departments and districts")
            .WithDescription("""
                One table per index and cohort (Hà Nội ranks its departments and its districts separately): each unit's score, rank, change on the
                previous year, and the cohort's published mean, in the list envelope (`items`). Tables are partial where the source is: ranks stay as published, and statistics are
                not computed without the whole cohort.
                """)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithCsv<Page<RankingDto>>(GetUnitRankings.ToCsv);

        return group;
    }
}
