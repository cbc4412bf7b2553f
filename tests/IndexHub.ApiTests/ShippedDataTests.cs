using System.Globalization;
using System.Text;
using System.Text.Json;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Persistence;
using IndexHub.ApiTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IndexHub.ApiTests;

/// <summary>
/// What the shipped data serves, held against its sources: README's coverage table is the one the service computes, the
/// corrections stay corrected, and the tables, press rows and DDCI come out as their sources state them.
/// </summary>
public sealed class ShippedDataTests(SqliteApp app) : IClassFixture<SqliteApp>
{
    private const string CoverageStart = "<!-- coverage:start -->";
    private const string CoverageEnd = "<!-- coverage:end -->";
    private static readonly string[] Indices = ["PAR", "SIPAS", "PCI", "PAPI", "DTI", "DDCI"];

    private HttpClient Client => app.Client;

    /// <summary>
    /// README's coverage table, made from <c>/api/v1/indices/{code}/years</c> over the shipped data. After a change to the
    /// data, rewrite it with <c>INDEXHUB_UPDATE_COVERAGE=1 dotnet test tests/IndexHub.ApiTests --filter Coverage</c>.
    /// </summary>
    [Fact]
    public async Task Coverage_table_in_readme_is_what_the_service_serves()
    {
        var table = new StringBuilder();
        table.AppendLine(CoverageStart);
        table.AppendLine("| index | year | cohort | rows held | scores held | published ranks | complete |");
        table.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var index in Indices)
        {
            var years = await Client.GetJsonAsync($"/api/v1/indices/{index}/years");
            foreach (var year in years.Items())
            {
                var size = year.GetProperty("cohortSize").ValueKind == JsonValueKind.Number ? year.GetProperty("cohortSize").GetInt32() : (int?)null;
                string Of(string property) => size is null
                    ? year.GetProperty(property).GetInt32().ToString(CultureInfo.InvariantCulture)
                    : $"{year.GetProperty(property).GetInt32()}/{size}";
                table.AppendLine(CultureInfo.InvariantCulture,
                    $"| {index} | {year.GetProperty("year").GetInt32()} | {year.Str("cohort")} | {Of("rowsHeld")} | {Of("scored")} | {Of("publishedRanks")} | {(year.GetProperty("complete").GetBoolean() ? "yes" : "no")} |");
            }
        }
        table.Append(CoverageEnd);
        var generated = table.ToString();

        var path = Path.Combine(RepositoryRoot(), "README.md");
        var readme = (await File.ReadAllTextAsync(path, TestContext.Current.CancellationToken)).ReplaceLineEndings("\n");
        var start = readme.IndexOf(CoverageStart, StringComparison.Ordinal);
        var end = readme.IndexOf(CoverageEnd, StringComparison.Ordinal);
        Assert.True(start >= 0 && end > start, $"README.md has no {CoverageStart} ... {CoverageEnd} section");
        var committed = readme[start..(end + CoverageEnd.Length)];
        if (Environment.GetEnvironmentVariable("INDEXHUB_UPDATE_COVERAGE") == "1")
        {
            await File.WriteAllTextAsync(path, readme.Replace(committed, generated, StringComparison.Ordinal), TestContext.Current.CancellationToken);
            committed = generated;
        }
        Assert.True(committed == generated,
            "README's coverage table differs from /api/v1/indices/{code}/years; after a change to the data run INDEXHUB_UPDATE_COVERAGE=1 dotnet test tests/IndexHub.ApiTests --filter Coverage\n"
            + generated);
    }

    [Fact]
    public async Task Dti_2022_holds_63_published_ranks_with_thanh_hoa_and_yen_bai_tied_at_15()
    {
        var page = await Client.GetJsonAsync("/api/v1/indices/DTI/results?year=2022&pageSize=100&include=components,sources");
        var rows = page.GetProperty("results").Items().ToList();
        Assert.Equal(63, rows.Count(r => r.GetProperty("publishedRank").ValueKind == JsonValueKind.Number));
        var fifteenth = rows.Where(r => r.GetProperty("publishedRank").ValueKind == JsonValueKind.Number && r.GetProperty("publishedRank").GetInt32() == 15)
            .Select(r => r.GetProperty("unit").Str("name")).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["Thanh Hóa", "Yên Bái"], fifteenth);
        var daNang = rows.Single(r => r.GetProperty("unit").Str("code") == "48");
        Assert.Equal(0.8002m, daNang.GetProperty("score").GetDecimal());
        Assert.Equal(8, daNang.GetProperty("components").GetArrayLength());
        Assert.Equal("publisher", daNang.GetProperty("sources")[0].GetProperty("source").Str("kind"));
    }

    [Fact]
    public async Task An_order_stated_without_numbers_is_kept_with_its_basis_and_never_shown_as_a_published_rank()
    {
        var rows = (await Client.GetJsonAsync("/api/v1/indices/PAR/results?year=2023&include=components,sources")).GetProperty("results").Items().ToList();
        var bacGiang = rows.Single(r => r.GetProperty("unit").Str("code") == "24");
        Assert.Equal(91.16m, bacGiang.GetProperty("score").GetDecimal());
        Assert.Equal(JsonValueKind.Null, bacGiang.GetProperty("publishedRank").ValueKind);
        var statement = bacGiang.GetProperty("sources").EnumerateArray().Single(s => s.GetProperty("rank").ValueKind == JsonValueKind.Number);
        Assert.Equal(4, statement.GetProperty("rank").GetInt32());
        Assert.Equal("listingOrder", statement.Str("rankBasis"));
        Assert.Contains("91.16", statement.Str("quote"), StringComparison.Ordinal);

        // "At the bottom of the rankings", two provinces unordered: a statement, not a rank.
        var binhThuan = rows.Single(r => r.GetProperty("unit").Str("code") == "60");
        Assert.Equal(JsonValueKind.Null, binhThuan.GetProperty("publishedRank").ValueKind);
        Assert.Contains("bottom_two_unordered", binhThuan.GetProperty("sources")[0].Str("note"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Par_2024_and_the_national_and_regional_means_are_served_with_the_2023_second_set_as_a_conflict()
    {
        var par2024 = await Client.GetJsonAsync("/api/v1/indices/PAR/results?year=2024&include=components,sources");
        var haiPhong = par2024.GetProperty("results").Items().Single(r => r.GetProperty("unit").Str("code") == "31");
        Assert.Equal((96.17m, 1), (haiPhong.GetProperty("score").GetDecimal(), haiPhong.GetProperty("publishedRank").GetInt32()));
        Assert.Contains(par2024.GetProperty("statistics").GetProperty("published").EnumerateArray(),
            s => s.Str("scope") == "national" && s.GetProperty("value").GetDecimal() == 88.37m);
        var regions2024 = await Client.GetJsonAsync("/api/v1/indices/PAR/regions?year=2024");
        Assert.Equal(6, regions2024.GetProperty("regions").GetArrayLength());

        var par2023 = await Client.GetJsonAsync("/api/v1/indices/PAR/results?year=2023&include=components,sources");
        Assert.Contains(par2023.GetProperty("statistics").GetProperty("published").EnumerateArray(),
            s => s.Str("scope") == "national" && s.GetProperty("value").GetDecimal() == 86.98m);
        var regions2023 = (await Client.GetJsonAsync("/api/v1/indices/PAR/regions?year=2023")).GetProperty("regions").EnumerateArray()
            .ToDictionary(r => r.Str("region"));
        var redRiver = regions2023["red-river-delta"];
        Assert.Equal(88.33m, redRiver.GetProperty("mean").GetDecimal());
        Assert.True(redRiver.GetProperty("conflict").GetBoolean());
        Assert.Contains(redRiver.GetProperty("otherSources").EnumerateArray(), s => s.GetProperty("value").GetDecimal() == 88.32m);
    }

    [Fact]
    public async Task Quang_ninh_pci_2023_business_support_is_7_72_second_and_informal_charges_third_without_a_score()
    {
        var rows = (await Client.GetJsonAsync("/api/v1/indices/PCI/results?year=2023&include=components,sources")).GetProperty("results").Items();
        var quangNinh = rows.Single(r => r.GetProperty("unit").Str("code") == "22");
        var components = quangNinh.GetProperty("components").EnumerateArray().ToDictionary(c => c.Str("code"));
        Assert.Equal(7.72m, components["business_support"].GetProperty("score").GetDecimal());
        Assert.Equal(2, components["business_support"].GetProperty("publishedRank").GetInt32());
        Assert.Equal(JsonValueKind.Null, components["informal_charges"].GetProperty("score").ValueKind);
        Assert.Equal(3, components["informal_charges"].GetProperty("publishedRank").GetInt32());
    }

    [Fact]
    public async Task Can_tho_own_satisfaction_survey_is_never_sipas()
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IndexHubDbContext>();
        var ct = TestContext.Current.CancellationToken;
        Assert.False(await db.Set<IndexHub.Api.Persistence.Entities.ResultObservation>().AnyAsync(o => o.Score == 95.44m, ct));
        Assert.False(await db.Results.AnyAsync(r => r.Score == 95.44m, ct));
        Assert.False(await db.PublishedStatistics.AnyAsync(s => s.Value == 95.44m, ct));
        var sipas = (await Client.GetJsonAsync("/api/v1/indices/SIPAS/results?year=2024&include=components,sources")).GetProperty("results").Items();
        var canTho = sipas.Single(r => r.GetProperty("unit").Str("code") == "92");
        Assert.Equal(34, canTho.GetProperty("publishedRank").GetInt32());
        Assert.Equal(JsonValueKind.Null, canTho.GetProperty("score").ValueKind);
    }

    [Fact]
    public async Task The_compiled_dti_2020_data_set_is_served_as_secondary_and_papi_names_its_publisher_and_carrier()
    {
        var rows = (await Client.GetJsonAsync("/api/v1/indices/DTI/results?year=2020&include=components,sources")).GetProperty("results").Items().ToList();
        var tienGiang = rows.Single(r => r.GetProperty("unit").Str("code") == "82");
        Assert.Equal("secondary", Assert.Single(tienGiang.GetProperty("sources").EnumerateArray()).GetProperty("source").Str("kind"));

        var papi = (await Client.GetJsonAsync("/api/v1/indices/PAPI/results?year=2023&include=components,sources")).GetProperty("results").Items().First();
        var source = papi.GetProperty("sources")[0].GetProperty("source");
        Assert.Equal("publisher", source.Str("kind"));
        Assert.Contains("CECODES", source.Str("publisher"), StringComparison.Ordinal);
        Assert.Contains("UNDP", source.Str("publisher"), StringComparison.Ordinal);
        Assert.Contains("github.com/hnks-gh/ml-mcdm", source.Str("carrier"), StringComparison.Ordinal);
        Assert.Contains("PAPI 2023", source.Str("title"), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_papi_report_tables_add_a_source_not_a_figure()
    {
        var rows = (await Client.GetJsonAsync("/api/v1/indices/PAPI/results?year=2023&include=components,sources")).GetProperty("results").Items();
        var haNoi = rows.Single(r => r.GetProperty("unit").Str("code") == "01");
        var sources = haNoi.GetProperty("sources").EnumerateArray().ToList();
        var report = Assert.Single(sources, s => s.GetProperty("source").Str("url").Contains("fliphtml5.com", StringComparison.Ordinal));
        Assert.Equal(JsonValueKind.Null, report.GetProperty("score").ValueKind);
        Assert.Equal(43.9603m, haNoi.GetProperty("score").GetDecimal());
        Assert.False(haNoi.GetProperty("conflict").GetBoolean());
    }

    [Fact]
    public async Task Ddci_serves_each_provinces_own_ranking_with_its_cohort_means()
    {
        var daNang = await Client.GetJsonAsync("/api/v1/provinces/48/units/results?index=DDCI&year=2018");
        var departments = daNang.Items().Single(r => r.GetProperty("cohort").Str("code") == "48-departments");
        var first = departments.GetProperty("results").Items().Single(r => r.GetProperty("publishedRank").ValueKind == JsonValueKind.Number);
        Assert.Equal(("Sở Thông tin và Truyền thông", 68.54m, 1), (first.GetProperty("unit").Str("name"), first.GetProperty("score").GetDecimal(), first.GetProperty("publishedRank").GetInt32()));
        Assert.Contains(departments.GetProperty("statistics").GetProperty("published").EnumerateArray(), s => s.Str("metric") == "mean" && s.GetProperty("value").GetDecimal() == 65.82m);

        // Hải Phòng 2023 published only its cohorts' means.
        var haiPhong = await Client.GetJsonAsync("/api/v1/provinces/31/units/results?index=DDCI&year=2023");
        var means = haiPhong.Items().SelectMany(r => r.GetProperty("statistics").GetProperty("published").EnumerateArray()).Select(s => s.GetProperty("value").GetDecimal());
        Assert.Equal([76.59m, 83.44m], means.Order());
    }

    [Fact]
    public async Task Every_published_rank_is_stated_as_a_number_by_a_source()
    {
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IndexHubDbContext>();
        var ct = TestContext.Current.CancellationToken;
        var ranked = await db.Results.Where(r => r.PublishedRank != null).Select(r => new { r.Id, r.PublishedRank }).ToListAsync(ct);
        var explicitRanks = (await db.Set<IndexHub.Api.Persistence.Entities.ResultObservation>()
                .Where(o => o.Rank != null && (o.RankBasis == null || o.RankBasis == RankBasis.Explicit))
                .Select(o => new { o.ResultId, o.Rank }).ToListAsync(ct))
            .ToLookup(o => o.ResultId, o => o.Rank);
        Assert.NotEmpty(ranked);
        Assert.All(ranked, r => Assert.Contains(r.PublishedRank, explicitRanks[r.Id]));
    }

    [Fact]
    public async Task Every_province_of_every_period_has_an_english_name()
    {
        foreach (var asOf in new[] { "2024-12-31", "2025-08-01" })
        {
            var provinces = (await Client.GetJsonAsync($"/api/v1/provinces?asOf={asOf}&pageSize=100")).Items().ToList();
            Assert.NotEmpty(provinces);
            Assert.All(provinces, p => Assert.False(string.IsNullOrWhiteSpace(p.GetProperty("nameEn").GetString()), $"{p.Str("nameVi")} has no nameEn"));
        }
        Assert.All((await Client.GetJsonAsync("/api/v1/regions")).Items(), r => Assert.False(string.IsNullOrWhiteSpace(r.Str("nameEn"))));
        Assert.All((await Client.GetJsonAsync("/api/v1/indices")).Items(), i => Assert.False(string.IsNullOrWhiteSpace(i.Str("nameEn"))));
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "IndexHub.sln")))
            {
                return dir.FullName;
            }
        }
        throw new InvalidOperationException("IndexHub.sln not found above " + AppContext.BaseDirectory);
    }
}
