using IndexHub.Api.Infrastructure;
using IndexHub.Api.Features.Results;
using Mediator;

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

        group.MapGet("/{code}", async ([AsParameters] GetIndex.Query query, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(query, ct)))
            .WithName("GetIndex")
            .WithSummary("Get one index with its editions and components")
            .WithDescription("One index by code (case-insensitive). PAPI has two editions: 6 dimensions to 2017, 8 dimensions with their sub-dimensions from 2018.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        group.MapGet("/{code}/results", async ([AsParameters] GetRanking.Query query, ISender sender, HttpContext http, CancellationToken ct) =>
                // A CSV download always has the component columns.
                TypedResults.Ok(await sender.Send(query with { Include = CsvExport.IncludeFor(http.Request, query.Include, "names,components") }, ct)))
            .WithName("GetRanking")
            .WithSummary("The ranking table of an index for a year")
            .WithDescription("""
                Every unit of the cohort held for the year: score (or why it is absent), the published rank and IndexHub's computed
                competition rank (only over a complete cohort), rank out of the cohort size ("33/63"), percentile, tier, the change on the
                previous year (flagged `comparable: false` across an edition or cohort change), and whether sources conflict. Rows carry codes
                and figures; the names of the edition, cohort, components and tiers come once, in `names`. `include=components` adds each row's
                component scores, `include=sources` what each source said (default `include=names`; `none` for the rows alone); `fields=score,rank`
                keeps only those properties of each row. The CSV always has the component columns. The cohort's statistics come in the same
                response: computed ones (complete cohorts only) and published ones, each labelled. Defaults: the latest year held, the national cohort (`cohort=01-departments` for Hà Nội's own).
                `revision` or `asOf` read the table as it stood after a revision or at the end of a day, before later imports and corrections.
                """)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithCsv<RankingDto>(GetRanking.ToCsv);

        group.MapGet("/{code}/years", async ([AsParameters] ListIndexYears.Query query, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(query, ct)))
            .WithName("ListIndexYears")
            .WithSummary("The years held for an index, with coverage")
            .WithDescription("Each year and cohort held, newest first: the edition, rows held out of the cohort's size, rows with a score, and whether the cohort is complete (ranks and statistics are computed only then).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithCsv<IndexYearsDto>(ListIndexYears.ToCsv);

        group.MapGet("/{code}/regions", async ([AsParameters] GetRegionalPicture.Query query, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(query, ct)))
            .WithName("GetRegionalPicture")
            .WithSummary("The six regions' means for a year, in order")
            .WithDescription("""
                Each region's mean: the publisher's where it printed one (PAR 2023), else IndexHub's over the complete cohort, labelled.
                Regions are in competition order; equal means share a rank and are marked tied (PAR 2023: Đồng bằng sông Cửu Long and Tây Nguyên, 85.42).
                """)
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound)
            .WithCsv<RegionalPictureDto>(GetRegionalPicture.ToCsv);

        group.MapGet("/{code}/revisions", async ([AsParameters] ListRevisions.Query query, ISender sender, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(query, ct)))
            .WithName("ListRevisions")
            .WithSummary("What imports and corrections changed, when, by whom, from which source")
            .WithDescription("Newest first. Each revision lists the units whose figures changed with their before and after; read a table as it was with `revision` on the ranking endpoint.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status404NotFound);

        return group;
    }
}
