using System.Net;
using System.Text.Json;
using IndexHub.ApiTests.Infrastructure;

namespace IndexHub.ApiTests;

/// <summary>
/// Answers a portal can call on every page view: rows of codes and figures, names once per answer, the heavy parts
/// only when asked for (include=, fields=), and one envelope for every list.
/// </summary>
public abstract class LeanAnswersBehaviour<TApp>(TApp app) where TApp : IndexHubApp
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private HttpClient Client
    {
        get
        {
            app.RequireEngine();
            return app.Client;
        }
    }

    [Fact]
    public async Task The_default_ranking_names_its_components_once_and_its_rows_carry_figures()
    {
        var ranking = await Client.GetJsonAsync("/api/v1/indices/PAPI/results?year=2023");
        var rows = ranking.GetProperty("results").Items().ToList();
        Assert.Equal(63, rows.Count);
        Assert.All(rows, r =>
        {
            Assert.False(r.TryGetProperty("components", out _), "components without include=components");
            Assert.False(r.TryGetProperty("sources", out _), "sources without include=sources");
            Assert.Equal("PAPI-2018", r.Str("edition"));
        });
        var names = ranking.GetProperty("names");
        Assert.Equal("PAPI", names.GetProperty("indices").EnumerateArray().Single().Str("code"));
        Assert.Equal("PAPI-2018", names.GetProperty("editions").EnumerateArray().Single().Str("code"));
        Assert.Equal("provinces-63", names.GetProperty("cohorts").EnumerateArray().Single().Str("code"));
        var componentNames = names.GetProperty("components").EnumerateArray().ToList();
        Assert.Contains(componentNames, c => c.Str("code") == "d1_participation" && c.Str("nameEn") == "Participation at local levels");
        // Each name once: no code twice in an edition.
        Assert.Equal(componentNames.Count, componentNames.Select(c => (c.Str("edition"), c.Str("code"))).Distinct().Count());

        // With the components, every code a row carries is named in the block, and the figures are those published.
        var full = await Client.GetJsonAsync("/api/v1/indices/PAPI/results?year=2023&include=names,components");
        var hue = full.GetProperty("results").Items().Single(r => r.GetProperty("unit").Str("code") == "46");
        var components = hue.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(componentNames.Count, components.Count);
        Assert.All(components, c => Assert.Contains(componentNames, n => n.Str("code") == c.Str("code")));
        Assert.All(components, c => Assert.False(c.TryGetProperty("nameVi", out _)));
        Assert.Equal("5.3435", components.Single(c => c.Str("code") == "d1_participation").GetProperty("score").GetRawText());
    }

    [Fact]
    public async Task The_default_papi_2023_ranking_is_within_100_KB_and_20_KB_compressed()
    {
        using var plain = await Client.GetAsync("/api/v1/indices/PAPI/results?year=2023", Ct);
        var bytes = (await plain.Content.ReadAsByteArrayAsync(Ct)).Length;
        Assert.True(bytes <= 100_000, $"{bytes} bytes");

        foreach (var coding in new[] { "br", "gzip" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/indices/PAPI/results?year=2023");
            request.Headers.TryAddWithoutValidation("Accept-Encoding", coding);
            using var compressed = await Client.SendAsync(request, Ct);
            Assert.Equal(coding, Assert.Single(compressed.Content.Headers.ContentEncoding));
            var size = (await compressed.Content.ReadAsByteArrayAsync(Ct)).Length;
            Assert.True(size <= 20_000, $"{coding}: {size} bytes");
        }
    }

    [Fact]
    public async Task Include_adds_sources_and_none_leaves_the_names_out()
    {
        var withSources = await Client.GetJsonAsync("/api/v1/indices/PAR/results?year=2023&include=sources");
        var hcm = withSources.GetProperty("results").Items().Single(r => r.GetProperty("unit").Str("code") == "79");
        Assert.Equal(2, hcm.GetProperty("sources").GetArrayLength());
        Assert.False(hcm.TryGetProperty("components", out _));
        Assert.False(withSources.TryGetProperty("names", out _));

        var bare = await Client.GetJsonAsync("/api/v1/indices/PAR/results?year=2023&include=none");
        Assert.False(bare.TryGetProperty("names", out _));
        Assert.Equal("86.97", bare.GetProperty("results").Items().Single(r => r.GetProperty("unit").Str("code") == "79").GetProperty("score").GetRawText());
    }

    [Fact]
    public async Task Fields_keep_only_the_named_properties_and_the_unit()
    {
        var ranking = await Client.GetJsonAsync("/api/v1/indices/PAR/results?year=2023&fields=score,RANK&include=none");
        var hcm = ranking.GetProperty("results").Items().Single(r => r.GetProperty("unit").Str("code") == "79");
        Assert.Equal(["rank", "score", "unit"], hcm.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.Equal(33, hcm.GetProperty("rank").GetInt32());

        // Asking for components by field asks for them.
        var series = await Client.GetJsonAsync("/api/v1/provinces/92/results?index=PAPI&asOf=2024-01-01&fields=year,components");
        var point = series.GetProperty("series").EnumerateArray().First().GetProperty("points").EnumerateArray().Last();
        Assert.Equal(["components", "unit", "year"], point.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.True(point.GetProperty("components").GetArrayLength() > 0);
    }

    [Theory]
    [InlineData("/api/v1/indices/PAPI/results?include=everything", "include")]
    [InlineData("/api/v1/indices/PAPI/results?include=none,sources", "include")]
    [InlineData("/api/v1/indices/PAPI/results?fields=score,colour", "fields")]
    [InlineData("/api/v1/indices/PAPI/results?fields=,", "fields")]
    [InlineData("/api/v1/provinces/92/results?include=x", "include")]
    [InlineData("/api/v1/compare?index=PAPI&units=79&fields=nope", "fields")]
    [InlineData("/api/v1/provinces/92/scorecard?include=x", "include")]
    [InlineData("/api/v1/provinces/01/units/results?fields=x", "fields")]
    public async Task A_wrong_include_or_fields_is_a_400_naming_it(string url, string parameter) =>
        await Client.GetProblemAsync(url, HttpStatusCode.BadRequest, parameter);

    [Theory]
    [InlineData("/api/v1/provinces?year=2023", 63)]
    [InlineData("/api/v1/regions", 6)]
    [InlineData("/api/v1/indices", 6)]
    [InlineData("/api/v1/indices/PAPI/years", null)]
    [InlineData("/api/v1/provinces/01/units", null)]
    [InlineData("/api/v1/provinces/01/units/results?index=PAR&year=2023", null)]
    [InlineData("/api/v1/provinces/92/targets", null)]
    [InlineData("/api/v1/indices/PAR/revisions", null)]
    public async Task Every_list_answers_in_one_envelope(string url, int? total)
    {
        var list = await Client.GetJsonAsync(url);
        var items = list.GetProperty("items");
        Assert.Equal(JsonValueKind.Array, items.ValueKind);
        var count = list.GetProperty("totalCount").GetInt32();
        Assert.Equal(1, list.GetProperty("pageNumber").GetInt32());
        Assert.True(list.GetProperty("pageSize").GetInt32() >= Math.Min(count, 1));
        Assert.Equal(count == 0 ? 0 : 1, list.GetProperty("totalPages").GetInt32());
        Assert.Equal(count, items.GetArrayLength());
        if (total is int expected)
        {
            Assert.Equal(expected, count);
        }
    }

    [Fact]
    public async Task A_page_past_the_end_is_empty_with_the_true_totals()
    {
        var page = await Client.GetJsonAsync("/api/v1/provinces?year=2023&page=9999&pageSize=20");
        Assert.Equal(0, page.GetProperty("items").GetArrayLength());
        Assert.Equal((9999, 63, 4), (page.GetProperty("pageNumber").GetInt32(), page.GetProperty("totalCount").GetInt32(), page.GetProperty("totalPages").GetInt32()));
        var ranking = await Client.GetJsonAsync("/api/v1/indices/PAPI/results?year=2023&page=9999");
        Assert.Equal(0, ranking.GetProperty("results").GetProperty("items").GetArrayLength());
        Assert.Equal(63, ranking.GetProperty("results").GetProperty("totalCount").GetInt32());
    }

    [Theory]
    [InlineData("2023-12-31", 63)]
    [InlineData("2025-07-01", 34)]
    public async Task Every_province_has_a_vietnamese_and_an_english_name(string asOf, int count)
    {
        var provinces = (await Client.GetJsonAsync($"/api/v1/provinces?asOf={asOf}&pageSize=100")).Items().ToList();
        Assert.Equal(count, provinces.Count);
        Assert.All(provinces, p =>
        {
            Assert.False(string.IsNullOrWhiteSpace(p.Str("nameVi")));
            Assert.False(string.IsNullOrWhiteSpace(p.Str("nameEn")));
            Assert.False(p.TryGetProperty("name", out _), "one name property per language");
        });
        Assert.Contains(provinces, p => p.Str("code") == "01" && p.Str("nameEn") == "Hanoi");
        Assert.All((await Client.GetJsonAsync("/api/v1/regions")).Items(), r => Assert.False(string.IsNullOrWhiteSpace(r.Str("nameEn"))));
        Assert.All((await Client.GetJsonAsync("/api/v1/indices")).Items(), i => Assert.False(string.IsNullOrWhiteSpace(i.Str("nameVi"))));
    }

    [Fact]
    public async Task The_scorecard_gives_each_change_in_one_place_and_names_each_index_in_both_languages()
    {
        var card = await Client.GetJsonAsync("/api/v1/provinces/92/scorecard?year=2022");
        var entries = card.GetProperty("indices").EnumerateArray().ToDictionary(e => e.Str("index"));
        foreach (var entry in entries.Values)
        {
            foreach (var gone in new[] { "placesChange", "placesChangeBasis", "rank", "previousRank", "indexName" })
            {
                Assert.False(entry.TryGetProperty(gone, out _), $"{entry.Str("index")} still has {gone}");
            }
            Assert.False(string.IsNullOrWhiteSpace(entry.Str("indexNameVi")));
            Assert.False(string.IsNullOrWhiteSpace(entry.Str("indexNameEn")));
        }
        // PAR: up 25 places from both ranks (51 to 26).
        var par = entries["PAR"].GetProperty("result");
        Assert.Equal((26, 25, 51), (par.GetProperty("rank").GetInt32(), par.GetProperty("change").GetProperty("places").GetInt32(),
            par.GetProperty("change").GetProperty("previousRank").GetInt32()));
        // PCI: down 7, stated by a source without ranks: among the published statements.
        var pci = entries["PCI"];
        Assert.Contains(pci.GetProperty("publishedStatements").EnumerateArray(),
            s => s.Str("kind") == "rankChange" && s.GetProperty("places").GetInt32() == -7 && s.GetProperty("comparedToYear").GetInt32() == 2021);
    }
}

public sealed class PostgresLeanAnswersTests(PostgresApp app) : LeanAnswersBehaviour<PostgresApp>(app), IClassFixture<PostgresApp>;

public sealed class SqliteLeanAnswersTests(SqliteApp app) : LeanAnswersBehaviour<SqliteApp>(app), IClassFixture<SqliteApp>;
