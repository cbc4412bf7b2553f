using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using IndexHub.ApiTests.Infrastructure;

namespace IndexHub.ApiTests;

/// <summary>The results API against real published figures, run once per engine by the classes below.</summary>
public abstract class ResultsBehaviour<TApp>(TApp app) where TApp : IndexHubApp
{
    private HttpClient Client
    {
        get
        {
            app.RequireEngine();
            return app.Client;
        }
    }

    private static JsonElement Row(JsonElement ranking, string code) =>
        ranking.GetProperty("results").Items().Single(r => r.GetProperty("unit").Str("code") == code);

    [Fact]
    public async Task Ho_chi_minh_city_par_2023_is_86_97_rank_33_of_63_up_3_places()
    {
        var ranking = await Client.GetJsonAsync("/api/v1/indices/PAR/results?year=2023&include=sources");
        var hcm = Row(ranking, "79");
        Assert.Equal("86.97", hcm.GetProperty("score").GetRawText());
        Assert.Equal("33/63", hcm.Str("rankLabel"));
        Assert.Equal(3, hcm.GetProperty("change").GetProperty("places").GetInt32());
        Assert.Equal("2.27", hcm.GetProperty("change").GetProperty("score").GetRawText());
        Assert.True(hcm.GetProperty("change").GetProperty("comparable").GetBoolean());
        Assert.Equal(2, hcm.GetProperty("sources").GetArrayLength());
        Assert.False(hcm.GetProperty("conflict").GetBoolean());
        Assert.False(ranking.GetProperty("cohort").GetProperty("complete").GetBoolean());
        Assert.Equal(JsonValueKind.Null, ranking.GetProperty("statistics").GetProperty("computed").ValueKind);
    }

    [Theory]
    [InlineData("PAPI", "2023", "rank", null)]
    [InlineData("PCI", "2022", "-score", null)]
    [InlineData("PCI", "2022", "name", null)]
    [InlineData("PAPI", "2022", "code", "mekong-river-delta")]
    [InlineData("PAPI", "2021", "score", "6")]
    public async Task Pages_smaller_than_the_table_read_the_same_rows_in_the_same_order(string index, string year, string sort, string? region)
    {
        // A table larger than the page is sorted on light rows and read in full for the page alone: the pages, put
        // together, must be the table read whole.
        var filter = $"year={year}&sort={sort}{(region is null ? "" : $"&region={region}")}";
        var whole = await Client.GetJsonAsync($"/api/v1/indices/{index}/results?{filter}&pageSize=100");
        var total = whole.GetProperty("results").GetProperty("totalCount").GetInt32();
        Assert.True(total > 7, $"{index} {year}: {total} rows");
        var paged = new List<string>();
        for (var page = 1; page <= (total + 6) / 7; page++)
        {
            var part = await Client.GetJsonAsync($"/api/v1/indices/{index}/results?{filter}&pageSize=7&page={page}");
            Assert.Equal(total, part.GetProperty("results").GetProperty("totalCount").GetInt32());
            Assert.Equal(whole.GetProperty("cohort").GetRawText(), part.GetProperty("cohort").GetRawText());
            Assert.Equal(whole.GetProperty("statistics").GetRawText(), part.GetProperty("statistics").GetRawText());
            paged.AddRange(part.GetProperty("results").Items().Select(r => r.GetRawText()));
        }
        Assert.Equal(whole.GetProperty("results").Items().Select(r => r.GetRawText()), paged);
    }

    [Fact]
    public async Task Hai_phong_par_2023_shows_both_sources_and_the_conflict()
    {
        var haiPhong = Row(await Client.GetJsonAsync("/api/v1/indices/PAR/results?year=2023&include=sources"), "31");
        Assert.True(haiPhong.GetProperty("conflict").GetBoolean());
        var scores = haiPhong.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("score").GetRawText()).ToList();
        // datapoints.csv's two reports, then baochinhphu.vn's (press/par_2023.csv), which agrees with the first.
        Assert.Equal(["91.87", "91.81", "91.87"], scores);
        Assert.All(haiPhong.GetProperty("sources").EnumerateArray(), s => Assert.StartsWith("https://", s.GetProperty("source").Str("url"), StringComparison.Ordinal));
    }

    [Fact]
    public async Task Papi_2023_hue_first_hcm_36th_with_computed_and_published_means()
    {
        var ranking = await Client.GetJsonAsync("/api/v1/indices/PAPI/results?year=2023");
        var first = ranking.GetProperty("results").Items().First();
        Assert.Equal(("46", "Thừa Thiên Huế", "46.0415", 1), (first.GetProperty("unit").Str("code"), first.GetProperty("unit").Str("name"), first.GetProperty("score").GetRawText(), first.GetProperty("rank").GetInt32()));
        var hcm = Row(ranking, "79");
        Assert.Equal(("41.7754", 36), (hcm.GetProperty("score").GetRawText(), hcm.GetProperty("rank").GetInt32()));
        Assert.Equal(36, hcm.GetProperty("computedRank").GetInt32());

        Assert.True(ranking.GetProperty("cohort").GetProperty("complete").GetBoolean());
        var statistics = ranking.GetProperty("statistics");
        Assert.Equal("42.4212", statistics.GetProperty("computed").GetProperty("mean").GetRawText());
        Assert.Equal(61, statistics.GetProperty("computed").GetProperty("count").GetInt32());
        var published = Assert.Single(statistics.GetProperty("published").EnumerateArray());
        Assert.Equal(("national", "42.3265"), (published.Str("scope"), published.GetProperty("value").GetRawText()));

        var quangNinh = Row(ranking, "22");
        Assert.Equal(JsonValueKind.Null, quangNinh.GetProperty("score").ValueKind);
        Assert.Equal("notPublished", quangNinh.Str("status"));
        Assert.Equal(JsonValueKind.Null, quangNinh.GetProperty("rank").ValueKind);
    }

    [Fact]
    public async Task Computed_ranks_agree_with_the_published_ones_on_a_complete_cohort()
    {
        var ranking = await Client.GetJsonAsync("/api/v1/indices/PAPI/results?year=2022");
        foreach (var row in ranking.GetProperty("results").Items().Where(r => r.GetProperty("publishedRank").ValueKind == JsonValueKind.Number))
        {
            Assert.Equal(row.GetProperty("publishedRank").GetInt32(), row.GetProperty("computedRank").GetInt32());
        }
    }

    [Fact]
    public async Task Papi_2022_can_tho_55th_down_13()
    {
        var canTho = Row(await Client.GetJsonAsync("/api/v1/indices/PAPI/results?year=2022"), "92");
        Assert.Equal(55, canTho.GetProperty("rank").GetInt32());
        Assert.Equal(-13, canTho.GetProperty("change").GetProperty("places").GetInt32());
        Assert.Equal(42, canTho.GetProperty("change").GetProperty("previousRank").GetInt32());
    }

    [Fact]
    public async Task Papi_2017_to_2018_is_marked_not_comparable()
    {
        var hcm = Row(await Client.GetJsonAsync("/api/v1/indices/PAPI/results?year=2018"), "79");
        var change = hcm.GetProperty("change");
        Assert.Equal(2017, change.GetProperty("previousYear").GetInt32());
        Assert.False(change.GetProperty("comparable").GetBoolean());
        Assert.Contains("PAPI-2011", change.Str("reason"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Can_tho_2022_scorecard_reads_as_the_city_reported_it()
    {
        var card = await Client.GetJsonAsync("/api/v1/provinces/92/scorecard?year=2022");
        Assert.Equal("2025-06-30", card.GetProperty("unit").Str("validTo"));
        var entries = card.GetProperty("indices").EnumerateArray().ToDictionary(e => e.Str("index"));
        // The change of places from both ranks is the result's own; one stated without ranks is a published statement.
        (int? Places, int? From, int? To) Read(string index)
        {
            var result = entries[index].GetProperty("result");
            var change = result.GetProperty("change");
            return (change.GetProperty("places").GetInt32(), change.GetProperty("previousRank").GetInt32(), result.GetProperty("rank").GetInt32());
        }
        Assert.Equal((25, 51, 26), Read("PAR"));
        Assert.Equal((12, 48, 36), Read("SIPAS"));
        Assert.Equal(JsonValueKind.Null, entries["PCI"].GetProperty("result").ValueKind);
        Assert.Contains(entries["PCI"].GetProperty("publishedStatements").EnumerateArray(),
            f => f.Str("kind") == "rankChange" && f.GetProperty("places").GetInt32() == -7);
        Assert.Equal((-13, 42, 55), Read("PAPI"));

        var papiComponents = entries["PAPI"].GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(8, papiComponents.Count);
        Assert.All(papiComponents, c => Assert.Equal("computed", c.Str("basis")));
        Assert.Contains(papiComponents, c => c.GetProperty("aboveNationalMean").GetBoolean());
    }

    [Fact]
    public async Task Hcm_par_2023_has_all_8_fields_above_the_national_mean_as_stated()
    {
        var card = await Client.GetJsonAsync("/api/v1/provinces/79/scorecard?year=2023");
        var par = card.GetProperty("indices").EnumerateArray().Single(e => e.Str("index") == "PAR");
        var components = par.GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(8, components.Count);
        Assert.All(components, c => Assert.True(c.GetProperty("aboveNationalMean").GetBoolean()));
        Assert.All(components, c => Assert.Equal("published statement", c.Str("basis")));
    }

    [Fact]
    public async Task Par_2023_regions_with_two_tied_at_85_42()
    {
        var picture = await Client.GetJsonAsync("/api/v1/indices/PAR/regions?year=2023");
        var regions = picture.GetProperty("regions").EnumerateArray().ToList();
        Assert.Equal(6, regions.Count);
        Assert.Equal(("red-river-delta", 1, "published"), (regions[0].Str("region"), regions[0].GetProperty("rank").GetInt32(), regions[0].Str("basis")));
        var tied = regions.Where(r => r.GetProperty("tied").GetBoolean()).ToList();
        Assert.Equal(["central-highlands", "mekong-river-delta"], tied.Select(r => r.Str("region")).Order().ToArray());
        Assert.All(tied, r => Assert.Equal(("85.42", 5), (r.GetProperty("mean").GetRawText(), r.GetProperty("rank").GetInt32())));
    }

    [Fact]
    public async Task Regional_means_are_computed_and_labelled_where_none_is_published()
    {
        var regions = (await Client.GetJsonAsync("/api/v1/indices/PAPI/regions?year=2023")).GetProperty("regions").EnumerateArray().ToList();
        Assert.Equal(6, regions.Count);
        Assert.All(regions, r => Assert.Equal("computed", r.Str("basis")));
        Assert.Equal(61, regions.Sum(r => r.GetProperty("count").GetInt32()));
    }

    [Fact]
    public async Task Years_report_coverage_and_edition()
    {
        var years = (await Client.GetJsonAsync("/api/v1/indices/PAPI/years")).Items().ToList();
        Assert.Equal(14, years.Count);
        Assert.All(years, y => Assert.True(y.GetProperty("complete").GetBoolean()));
        Assert.Equal("PAPI-2011", years.Single(y => y.GetProperty("year").GetInt32() == 2017).GetProperty("edition").Str("code"));
        var pci2007 = (await Client.GetJsonAsync("/api/v1/indices/PCI/years")).Items().Single(y => y.GetProperty("year").GetInt32() == 2007);
        Assert.Equal(("provinces-64", 64), (pci2007.Str("cohort"), pci2007.GetProperty("cohortSize").GetInt32()));
    }

    [Fact]
    public async Task A_province_formed_in_2025_shows_its_predecessors_series_side_by_side()
    {
        var series = await Client.GetJsonAsync("/api/v1/provinces/92/results?index=PAPI");
        Assert.Equal("2025-07-01", series.GetProperty("province").Str("validFrom"));
        var all = series.GetProperty("series").EnumerateArray().ToList();
        Assert.Equal(["92", "93", "94"], all.Select(s => s.GetProperty("unit").Str("code")).Order().ToArray());
        Assert.All(all, s => Assert.Equal("predecessor", s.GetProperty("unit").Str("relation")));
        Assert.All(all, s => Assert.Equal(14, s.GetProperty("points").GetArrayLength()));
        var hauGiang = all.Single(s => s.GetProperty("unit").Str("code") == "93");
        Assert.Equal("Hậu Giang", hauGiang.GetProperty("unit").Str("name"));
    }

    [Fact]
    public async Task Compare_puts_units_side_by_side_with_the_national_mean_and_the_best()
    {
        var comparison = await Client.GetJsonAsync("/api/v1/compare?index=papi&year=2023&units=79,01,92");
        Assert.Equal(["79", "01", "92"], comparison.GetProperty("units").EnumerateArray().Select(u => u.GetProperty("unit").Str("code")).ToArray());
        var rows = comparison.GetProperty("rows").EnumerateArray().ToList();
        var total = rows[0];
        Assert.Equal("total", total.Str("code"));
        Assert.Equal(["01"], total.GetProperty("best").EnumerateArray().Select(b => b.GetString()!).ToArray());
        var means = total.GetProperty("nationalMeans").EnumerateArray().Select(m => (m.Str("basis"), m.GetProperty("value").GetRawText())).ToList();
        Assert.Equal([("published", "42.3265"), ("computed", "42.4212")], means);
        Assert.Contains(rows, r => r.Str("code") == "d8_e_governance");
    }

    [Fact]
    public async Task Ha_noi_ranks_its_departments_and_districts()
    {
        var rankings = (await Client.GetJsonAsync("/api/v1/provinces/01/units/results?index=PAR&year=2023")).Items().ToList();
        Assert.Equal(["01-departments", "01-districts"], rankings.Select(r => r.GetProperty("cohort").Str("code")).ToArray());
        var departments = rankings[0];
        var top = departments.GetProperty("results").Items().First();
        Assert.Equal(("Sở Nội vụ", "94.25", 1), (top.GetProperty("unit").Str("name"), top.GetProperty("score").GetRawText(), top.GetProperty("rank").GetInt32()));
        var mean = Assert.Single(departments.GetProperty("statistics").GetProperty("published").EnumerateArray());
        Assert.Equal("88.46", mean.GetProperty("value").GetRawText());
        var sttt = departments.GetProperty("results").Items().Single(r => r.GetProperty("unit").Str("name") == "Sở Thông tin và Truyền thông");
        Assert.Equal("8.68", sttt.GetProperty("change").GetProperty("score").GetRawText());
    }

    [Fact]
    public async Task Tables_come_as_csv_when_asked()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/indices/PAPI/results?year=2023");
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/csv"));
        using var response = await Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("PAPI_2023_provinces-63.csv", response.Content.Headers.ContentDisposition?.FileNameStar);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var lines = text.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("year,cohort,unit_code,unit_name", lines[0], StringComparison.Ordinal);
        Assert.Equal(64, lines.Length);
        Assert.Contains(lines, l => l.StartsWith("2023,provinces-63,46,Thừa Thiên Huế,", StringComparison.Ordinal));

        foreach (var url in new[]
        {
            "/api/v1/provinces?year=2023&format=csv", "/api/v1/indices/PAR/years?format=csv", "/api/v1/indices/PAR/regions?year=2023&format=csv",
            "/api/v1/provinces/92/results?format=csv", "/api/v1/provinces/92/scorecard?year=2022&format=csv", "/api/v1/compare?index=PAPI&units=79,01&format=csv",
            "/api/v1/provinces/01/units/results?format=csv",
        })
        {
            using var csv = await Client.GetAsync(url, TestContext.Current.CancellationToken);
            Assert.True(csv.StatusCode == HttpStatusCode.OK, url);
            Assert.Equal("text/csv", csv.Content.Headers.ContentType?.MediaType);
            Assert.EndsWith(".csv", csv.Content.Headers.ContentDisposition?.FileNameStar, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Gets_carry_an_etag_and_answer_304_when_unchanged()
    {
        using var first = await Client.GetAsync("/api/v1/indices/PAPI/results?year=2023", TestContext.Current.CancellationToken);
        var etag = first.Headers.ETag;
        Assert.NotNull(etag);
        Assert.True(first.Headers.CacheControl?.Public);
        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/indices/PAPI/results?year=2023");
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await Client.SendAsync(again, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Empty(await notModified.Content.ReadAsByteArrayAsync(TestContext.Current.CancellationToken));
        Assert.Equal(etag, notModified.Headers.ETag);
        Assert.True(notModified.Headers.CacheControl?.Public);

        using var other = await Client.GetAsync("/api/v1/indices/PAPI/results?year=2022", TestContext.Current.CancellationToken);
        Assert.NotEqual(etag, other.Headers.ETag);
    }

    [Theory]
    [InlineData("/api/v1/indices/PAPI/results?year=1850", "year")]
    [InlineData("/api/v1/indices/PAPI/results?sort=height", "sort")]
    [InlineData("/api/v1/indices/PAPI/results?cohort=martians", "cohort")]
    [InlineData("/api/v1/indices/PAPI/results?region=atlantis", "region")]
    [InlineData("/api/v1/indices/PAPI/results?format=xml", "format")]
    [InlineData("/api/v1/indices/PAPI/results?pageSize=0", "pageSize")]
    [InlineData("/api/v1/provinces/92/results?index=PAR,XYZ", "index")]
    [InlineData("/api/v1/provinces/92/results?from=2024&to=2020", "to")]
    [InlineData("/api/v1/compare?units=79", "index")]
    [InlineData("/api/v1/compare?index=PAPI", "units")]
    [InlineData("/api/v1/compare?index=PAPI,PCI&units=79", "index")]
    [InlineData("/api/v1/compare?index=PAPI&year=2023&units=93,99", "units")]
    [InlineData("/api/v1/compare?index=PAPI&units=1,2,4,6,8,10,11,12,14,15,17,19,20,22,24,25,26,27,30,31,33", "units")]
    [InlineData("/api/v1/provinces/92/scorecard?year=abc", "year")]
    public async Task Malformed_parameters_are_400_naming_the_parameter(string url, string parameter) =>
        await Client.GetProblemAsync(url, HttpStatusCode.BadRequest, parameter);

    [Theory]
    [InlineData("/api/v1/indices/XYZ/results")]
    [InlineData("/api/v1/indices/XYZ/years")]
    [InlineData("/api/v1/indices/XYZ/regions")]
    [InlineData("/api/v1/indices/PAPI/results?year=2005")]
    [InlineData("/api/v1/provinces/93/scorecard")]
    [InlineData("/api/v1/provinces/93/results")]
    public async Task Unknown_things_are_404(string url) =>
        await Client.GetProblemAsync(url, HttpStatusCode.NotFound);
}

public sealed class PostgresResultsTests(PostgresApp app) : ResultsBehaviour<PostgresApp>(app), IClassFixture<PostgresApp>;

public sealed class SqliteResultsTests(SqliteApp app) : ResultsBehaviour<SqliteApp>(app), IClassFixture<SqliteApp>;
