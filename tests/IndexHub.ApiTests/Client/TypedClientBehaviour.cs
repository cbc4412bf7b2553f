using System.Net;
using IndexHub.ApiTests.Client;
using IndexHub.ApiTests.Infrastructure;

namespace IndexHub.ApiTests;

/// <summary>
/// The main reads through the client generated from openapi.yaml at build time: what a portal developer who
/// generates a client gets. A contract change that breaks these calls fails the build; one that changes a
/// shape without changing the names fails here, on deserialisation or on the figures.
/// </summary>
public abstract class TypedClientBehaviour<TApp>(TApp app) where TApp : IndexHubApp
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private IndexHubClient Api
    {
        get
        {
            app.RequireEngine();
            return new IndexHubClient(app.Client);
        }
    }

    [Fact]
    public async Task Catalogue_regions_and_provinces()
    {
        var api = Api;
        Assert.Equal(6, (await api.ListRegionsAsync(cancellationToken: Ct)).TotalCount);
        var indices = await api.ListIndicesAsync(cancellationToken: Ct);
        Assert.Equal(["DDCI", "DTI", "PAPI", "PAR", "PCI", "SIPAS"], indices.Items.Select(i => i.Code).Order(StringComparer.Ordinal));
        Assert.NotEmpty((await api.GetIndexAsync("PAPI", cancellationToken: Ct)).Editions);

        var before = await api.ListProvincesAsync(asOf: new DateOnly(2023, 12, 31), page: 1, pageSize: 100, cancellationToken: Ct);
        var after = await api.ListProvincesAsync(asOf: new DateOnly(2025, 7, 1), page: 1, pageSize: 100, cancellationToken: Ct);
        Assert.Equal((63, 34), (before.TotalCount, after.TotalCount));
        Assert.Equal("92", (await api.GetProvinceAsync("92", asOf: new DateOnly(2025, 7, 1), cancellationToken: Ct)).Code);
    }

    [Fact]
    public async Task Ranking_series_scorecard_and_compare()
    {
        var api = Api;
        var ranking = await api.GetRankingAsync("PAPI", year: 2022, page: 1, pageSize: 100, include: "names,components", cancellationToken: Ct);
        Assert.Equal(63, ranking.Results.TotalCount);
        var canTho = ranking.Results.Items.Single(row => row.Unit.Code == "92");
        Assert.Equal((39.9747, 55), (canTho.Score, canTho.Rank));
        // Rows carry component codes; their names come once, in the answer's names block.
        Assert.NotNull(canTho.Components);
        Assert.NotNull(ranking.Names);
        Assert.All(canTho.Components, c => Assert.Contains(ranking.Names.Components, n => n.Code == c.Code));

        var series = await api.GetProvinceSeriesAsync("92", asOf: new DateOnly(2024, 1, 1), index: "PAR,PAPI", cancellationToken: Ct);
        Assert.Equal(["PAPI", "PAR"], series.Series.Select(s => s.Index).Distinct().Order(StringComparer.Ordinal));
        Assert.All(series.Series, s => Assert.NotEmpty(s.Points));

        var scorecard = await api.GetScorecardAsync("92", year: 2022, cancellationToken: Ct);
        Assert.Equal(2022, scorecard.Year);
        Assert.Contains(scorecard.Indices, entry => entry.Result?.Score is not null);

        var compared = await api.CompareUnitsAsync(index: "PAPI", year: 2022, units: "79,01,92", cancellationToken: Ct);
        Assert.Equal(["01", "79", "92"], compared.Units.Select(u => u.Unit.Code).Order(StringComparer.Ordinal));

        var departments = await api.GetUnitRankingsAsync("01", index: "PAR", cancellationToken: Ct);
        Assert.NotEmpty(departments.Items);
    }

    [Fact]
    public async Task Errors_arrive_as_exceptions_carrying_the_status()
    {
        var api = Api;
        var missing = await Assert.ThrowsAsync<IndexHubApiException<ProblemDetails>>(() => api.GetIndexAsync("NOPE", cancellationToken: Ct));
        Assert.Equal((int)HttpStatusCode.NotFound, missing.StatusCode);
        Assert.Equal(404, missing.Result.Status);
        var invalid = await Assert.ThrowsAnyAsync<IndexHubApiException>(() => api.GetRankingAsync("PAR", year: 1800, page: 1, pageSize: 100, cancellationToken: Ct));
        Assert.Equal((int)HttpStatusCode.BadRequest, invalid.StatusCode);
    }
}

public sealed class PostgresTypedClientTests(PostgresApp app) : TypedClientBehaviour<PostgresApp>(app), IClassFixture<PostgresApp>;

public sealed class SqliteTypedClientTests(SqliteApp app) : TypedClientBehaviour<SqliteApp>(app), IClassFixture<SqliteApp>;
