using System.Globalization;
using System.Net;
using System.Text.Json;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using IndexHub.Api.Persistence.Loading;
using IndexHub.ApiTests.Infrastructure;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IndexHub.ApiTests;

/// <summary>The foundation's behaviour, run once per engine by the classes below.</summary>
public abstract class ApiBehaviour<TApp>(TApp app) where TApp : IndexHubApp
{
    private HttpClient Client
    {
        get
        {
            app.RequireEngine();
            return app.Client;
        }
    }

    [Theory]
    [InlineData("year=2023", 63)]
    [InlineData("asOf=2025-06-30", 63)]
    [InlineData("asOf=2025-07-01", 34)]
    [InlineData("year=2007", 64)]
    [InlineData("", 34)]
    public async Task Provinces_valid_on_a_date(string query, int count)
    {
        var list = await Client.GetJsonAsync($"/api/v1/provinces?{query}");
        var page = list;
        Assert.Equal(count, page.GetProperty("totalCount").GetInt32());
        Assert.Equal(count, page.Items().Count());
        Assert.Equal(count, page.Items().Select(p => p.Str("code")).Distinct().Count());
    }

    [Fact]
    public async Task A_year_lists_the_names_of_that_year()
    {
        var list = await Client.GetJsonAsync("/api/v1/provinces?year=2023&q=hue");
        var hue = Assert.Single(list.Items());
        Assert.Equal("Thừa Thiên Huế", hue.Str("nameVi"));
        Assert.Equal("province", hue.Str("type"));
        Assert.Equal("2023-12-31", list.Str("asOf"));
        var today = Assert.Single((await Client.GetJsonAsync("/api/v1/provinces?q=TT-Hu%E1%BA%BF")).Items());
        Assert.Equal("Huế", today.Str("nameVi"));
        Assert.Equal("municipality", today.Str("type"));
    }

    [Theory]
    [InlineData("ho chi minh")]
    [InlineData("TP.HCM")]
    [InlineData("Hồ Chí Minh")]
    [InlineData("HCMC")]
    [InlineData("79")]
    public async Task Q_finds_ho_chi_minh_city(string q)
    {
        var list = await Client.GetJsonAsync($"/api/v1/provinces?q={Uri.EscapeDataString(q)}");
        var found = Assert.Single(list.Items());
        Assert.Equal("79", found.Str("code"));
        Assert.Equal("Ho Chi Minh City", found.Str("nameEn"));
    }

    [Fact]
    public async Task Region_filter_takes_code_order_or_name()
    {
        foreach (var region in new[] { "mekong-river-delta", "6", "Đồng bằng sông Cửu Long", "dong bang song cuu long" })
        {
            var list = await Client.GetJsonAsync($"/api/v1/provinces?year=2023&region={Uri.EscapeDataString(region)}");
            Assert.Equal(13, list.GetProperty("totalCount").GetInt32());
        }
    }

    [Fact]
    public async Task Regions_are_the_six_of_resolution_81()
    {
        var regions = (await Client.GetJsonAsync("/api/v1/regions")).Items().ToList();
        Assert.Equal([1, 2, 3, 4, 5, 6], regions.Select(r => r.GetProperty("order").GetInt32()).ToArray());
        var counts = new List<int>();
        foreach (var region in regions)
        {
            var list = await Client.GetJsonAsync($"/api/v1/provinces?year=2023&region={region.Str("code")}");
            counts.Add(list.GetProperty("totalCount").GetInt32());
        }
        Assert.Equal([14, 11, 14, 5, 6, 13], counts);
    }

    [Fact]
    public async Task Can_tho_is_formed_from_three_provinces()
    {
        var canTho = await Client.GetJsonAsync("/api/v1/provinces/92");
        Assert.Equal("Cần Thơ", canTho.Str("nameVi"));
        Assert.Equal("2025-07-01", canTho.Str("validFrom"));
        var predecessors = canTho.GetProperty("predecessors").EnumerateArray().ToList();
        Assert.Equal(["92", "93", "94"], predecessors.Select(p => p.Str("code")).ToArray());
        Assert.Equal(["Cần Thơ", "Hậu Giang", "Sóc Trăng"], predecessors.Select(p => p.Str("name")).ToArray());
        Assert.All(predecessors, p => Assert.Equal("Nghị quyết 202/2025/QH15", p.Str("legalBasis")));
        Assert.Empty(canTho.GetProperty("successors").EnumerateArray());
    }

    [Fact]
    public async Task Code_24_is_bac_giang_before_the_merger_and_bac_ninh_after()
    {
        var before = await Client.GetJsonAsync("/api/v1/provinces/24?asOf=2024-01-01");
        Assert.Equal("Bắc Giang", before.Str("nameVi"));
        Assert.Equal("2025-06-30", before.Str("validTo"));
        Assert.Equal("Bắc Ninh", Assert.Single(before.GetProperty("successors").EnumerateArray()).Str("name"));

        var after = await Client.GetJsonAsync("/api/v1/provinces/24");
        Assert.Equal("Bắc Ninh", after.Str("nameVi"));
        Assert.Equal(["Bắc Giang", "Bắc Ninh"], after.GetProperty("predecessors").EnumerateArray().Select(p => p.Str("name")).ToArray());
    }

    [Fact]
    public async Task Hue_carries_its_name_history()
    {
        var hue = await Client.GetJsonAsync("/api/v1/provinces/46");
        Assert.Equal("Huế", hue.Str("nameVi"));
        Assert.Equal(JsonValueKind.Null, hue.GetProperty("validTo").ValueKind);
        var history = hue.GetProperty("nameHistory").EnumerateArray().ToList();
        Assert.Equal(["Thừa Thiên Huế", "Huế"], history.Select(h => h.Str("name")).ToArray());
        Assert.Equal("2024-12-31", history[0].Str("validTo"));
        Assert.Contains("TT-Huế", hue.GetProperty("aliases").EnumerateArray().Select(a => a.GetString()));
    }

    [Fact]
    public async Task Ha_noi_absorbed_ha_tay_in_2008()
    {
        var haNoi = await Client.GetJsonAsync("/api/v1/provinces/1");
        Assert.Equal("01", haNoi.Str("code"));
        var haTay = Assert.Single(haNoi.GetProperty("predecessors").EnumerateArray());
        Assert.Equal(("28", "Hà Tây", "2008-08-01"), (haTay.Str("code"), haTay.Str("name"), haTay.Str("effective")));
    }

    [Fact]
    public async Task A_code_out_of_its_time_is_404_saying_what_it_named()
    {
        var problem = await Client.GetProblemAsync("/api/v1/provinces/93", HttpStatusCode.NotFound);
        Assert.Contains("Hậu Giang", problem.Str("detail"), StringComparison.Ordinal);
        await Client.GetProblemAsync("/api/v1/provinces/00", HttpStatusCode.NotFound);
        await Client.GetProblemAsync("/api/v1/provinces/93/units", HttpStatusCode.NotFound);
        await Client.GetProblemAsync("/api/v1/indices/XYZ", HttpStatusCode.NotFound);
        await Client.GetProblemAsync("/api/v1/no-such-thing", HttpStatusCode.NotFound);
    }

    [Theory]
    [InlineData("/api/v1/provinces?asOf=notadate", "asOf")]
    [InlineData("/api/v1/provinces?asOf=2025-13-45", "asOf")]
    [InlineData("/api/v1/provinces?asOf=1850-01-01", "asOf")]
    [InlineData("/api/v1/provinces?year=1850", "year")]
    [InlineData("/api/v1/provinces?year=99999", "year")]
    [InlineData("/api/v1/provinces?year=abc", "year")]
    [InlineData("/api/v1/provinces?year=2023&asOf=2024-01-01", "year")]
    [InlineData("/api/v1/provinces?region=atlantis", "region")]
    [InlineData("/api/v1/provinces?page=0", "page")]
    [InlineData("/api/v1/provinces?pageSize=100000", "pageSize")]
    [InlineData("/api/v1/provinces?pageSize=-1", "pageSize")]
    [InlineData("/api/v1/provinces/92?asOf=yesterday", "asOf")]
    [InlineData("/api/v1/provinces/01/units?type=ministry", "type")]
    [InlineData("/api/v1/provinces/match", "name")]
    [InlineData("/api/v1/provinces/match?name=%20-%20", "name")]
    public async Task Malformed_parameters_are_400_naming_the_parameter(string url, string parameter) =>
        await Client.GetProblemAsync(url, HttpStatusCode.BadRequest, parameter);

    [Fact]
    public async Task Hostile_input_is_never_a_500()
    {
        foreach (var url in new[]
        {
            "/api/v1/provinces?q=" + Uri.EscapeDataString("'; DROP TABLE units; --"),
            "/api/v1/provinces?q=" + Uri.EscapeDataString("<script>alert(1)</script>"),
            "/api/v1/provinces?q=" + new string('a', 10_000),
            "/api/v1/provinces/" + Uri.EscapeDataString("' OR 1=1 --"),
            "/api/v1/provinces/" + new string('9', 5_000),
            "/api/v1/indices/" + Uri.EscapeDataString("%00"),
        })
        {
            using var response = await Client.GetAsync(url, TestContext.Current.CancellationToken);
            Assert.InRange((int)response.StatusCode, 200, 499);
        }
    }

    [Fact]
    public async Task Match_reads_names_as_of_today_by_default_and_at_any_date_asked()
    {
        // Today "Bắc Ninh" is the merged province (code 24); in 2024 it was code 27.
        var today = await Client.GetJsonAsync("/api/v1/provinces/match?name=" + Uri.EscapeDataString("Bắc Ninh"));
        Assert.Equal("matched", today.Str("outcome"));
        Assert.Equal("24", Assert.Single(today.GetProperty("candidates").EnumerateArray()).Str("code"));

        var matched = await Client.GetJsonAsync("/api/v1/provinces/match?asOf=2024-01-01&name=" + Uri.EscapeDataString("bac ninh"));
        Assert.Equal("matched", matched.Str("outcome"));
        Assert.Equal("27", Assert.Single(matched.GetProperty("candidates").EnumerateArray()).Str("code"));

        // The docs' own examples: one unit, not its two periods.
        Assert.Equal("79", Assert.Single((await Client.GetJsonAsync("/api/v1/provinces/match?name=TP.HCM")).GetProperty("candidates").EnumerateArray()).Str("code"));
        Assert.Equal("92", Assert.Single((await Client.GetJsonAsync("/api/v1/provinces/match?name=Can%20Tho")).GetProperty("candidates").EnumerateArray()).Str("code"));

        var brvt = await Client.GetJsonAsync("/api/v1/provinces/match?asOf=2024-01-01&name=BRVT");
        Assert.Equal("77", Assert.Single(brvt.GetProperty("candidates").EnumerateArray()).Str("code"));

        Assert.Equal("notFound", (await Client.GetJsonAsync("/api/v1/provinces/match?name=Atlantis")).Str("outcome"));
    }

    [Fact]
    public async Task Ha_noi_lists_its_departments_and_districts()
    {
        var all = await Client.GetJsonAsync("/api/v1/provinces/01/units");
        var units = all.Items().ToList();
        Assert.Contains(units, u => u.Str("name") == "Sở Nội vụ" && u.Str("type") == "department");
        Assert.Contains(units, u => u.Str("name") == "quận Đống Đa" && u.Str("type") == "district" && u.Str("validTo") == "2025-06-30");

        var today = await Client.GetJsonAsync("/api/v1/provinces/01/units?asOf=2026-01-01");
        Assert.DoesNotContain(today.Items(), u => u.Str("type") == "district");
        var districts = await Client.GetJsonAsync("/api/v1/provinces/01/units?type=district");
        Assert.All(districts.Items(), u => Assert.Equal("district", u.Str("type")));
        Assert.NotEmpty(districts.Items());
    }

    [Fact]
    public async Task The_catalogue_holds_six_indices_with_editions_and_components()
    {
        var indices = (await Client.GetJsonAsync("/api/v1/indices")).Items().ToList();
        Assert.Equal(["DDCI", "DTI", "PAPI", "PAR", "PCI", "SIPAS"], indices.Select(i => i.Str("code")).ToArray());

        var papi = await Client.GetJsonAsync("/api/v1/indices/papi");
        var editions = papi.GetProperty("editions").EnumerateArray().ToList();
        Assert.Equal(["PAPI-2011", "PAPI-2018"], editions.Select(e => e.Str("code")).ToArray());
        Assert.Equal(2017, editions[0].GetProperty("lastYear").GetInt32());
        Assert.Equal(60m, editions[0].GetProperty("scaleMax").GetDecimal());
        var components = editions[1].GetProperty("components").EnumerateArray().ToList();
        Assert.Equal(8, components.Count(c => c.Str("kind") == "dimension"));
        var sc52 = components.Single(c => c.Str("code").StartsWith("SC52", StringComparison.Ordinal));
        Assert.Equal("d5_public_admin_procedures", sc52.Str("parentCode"));
        Assert.Equal(2020, sc52.GetProperty("lastYear").GetInt32());
        Assert.Equal(4, papi.GetProperty("tiers").GetArrayLength());

        var pci = await Client.GetJsonAsync("/api/v1/indices/PCI");
        Assert.Equal(["Rất tốt", "Tốt", "Khá", "Trung bình", "Tương đối thấp", "Thấp"], pci.GetProperty("tiers").EnumerateArray().Select(t => t.Str("nameVi")).ToArray());
        var dti = await Client.GetJsonAsync("/api/v1/indices/dti");
        Assert.Equal(("ratio", 1m), (dti.GetProperty("scale").Str("unit"), dti.GetProperty("scale").GetProperty("max").GetDecimal()));
    }

    [Fact]
    public async Task Cors_answers_configured_origins_only()
    {
        using var allowed = new HttpRequestMessage(HttpMethod.Get, "/api/v1/regions");
        allowed.Headers.Add("Origin", "https://portal.example.gov.vn");
        using var allowedResponse = await Client.SendAsync(allowed, TestContext.Current.CancellationToken);
        Assert.Equal("https://portal.example.gov.vn", allowedResponse.Headers.GetValues("Access-Control-Allow-Origin").Single());
        // A dashboard's script may read the validator and the service version.
        var exposed = allowedResponse.Headers.GetValues("Access-Control-Expose-Headers").SelectMany(v => v.Split(',', StringSplitOptions.TrimEntries)).ToList();
        Assert.Contains("ETag", exposed);
        Assert.Contains("IndexHub-Version", exposed);

        using var other = new HttpRequestMessage(HttpMethod.Get, "/api/v1/regions");
        other.Headers.Add("Origin", "https://elsewhere.example.com");
        using var otherResponse = await Client.SendAsync(other, TestContext.Current.CancellationToken);
        Assert.False(otherResponse.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Decimals_round_trip_exactly()
    {
        app.RequireEngine();
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IndexHubDbContext>();
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.TrackAll;
        var edition = await db.IndexEditions.FirstAsync(e => e.Code == "DTI-2020", TestContext.Current.CancellationToken);
        var values = new[] { 86.97m, 0.8002m, 46.0415m, 91.87m, 0.4014m, 100m, 0.0001m };
        for (var i = 0; i < values.Length; i++)
        {
            edition.Components.Add(new IndexComponent { Code = $"roundtrip_{i}", NameVi = "x", NameEn = "x", Kind = "test", ScaleMin = values[i], ScaleMax = values[i] });
        }
        await db.SaveChangesAsync(TestContext.Current.CancellationToken);

        await using var readScope = app.CreateScope();
        var reader = readScope.ServiceProvider.GetRequiredService<IndexHubDbContext>();
        var read = await reader.IndexComponents.Where(c => c.Code.StartsWith("roundtrip_")).OrderBy(c => c.Code).Select(c => c.ScaleMin!.Value).ToListAsync(TestContext.Current.CancellationToken);
        Assert.Equal(values.Select(v => v.ToString(CultureInfo.InvariantCulture)), read.Select(v => v.ToString(CultureInfo.InvariantCulture)));

        reader.IndexComponents.RemoveRange(await reader.IndexComponents.AsTracking().Where(c => c.Code.StartsWith("roundtrip_")).ToListAsync(TestContext.Current.CancellationToken));
        await reader.SaveChangesAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task Loading_the_shipped_data_again_changes_nothing()
    {
        app.RequireEngine();
        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IndexHubDbContext>();
        db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.TrackAll;
        var before = await db.Units.CountAsync(TestContext.Current.CancellationToken);
        var results = await db.Results.CountAsync(TestContext.Current.CancellationToken);
        var report = await scope.ServiceProvider.GetRequiredService<ShippedDataLoader>()
            .LoadAsync(Path.Combine(AppContext.BaseDirectory, "data"), TestContext.Current.CancellationToken);
        Assert.False(report.ChangedAnything, $"second load changed {report}");
        Assert.True(report.Read > 1_000);
        Assert.Equal(before, await db.Units.CountAsync(TestContext.Current.CancellationToken));
        Assert.Equal(results, await db.Results.CountAsync(TestContext.Current.CancellationToken));
        // Every skipped row is accounted for with a reason: the long PAPI file's years held elsewhere, and Cần Thơ's own
        // satisfaction survey, which is not SIPAS.
        var skipped = report.SkippedSummary().ToList();
        Assert.Equal(2, skipped.Count);
        Assert.Contains(skipped, s => s.Contains("papi_2011_2024_dimensions_long.csv", StringComparison.Ordinal));
        Assert.Contains(skipped, s => s.Contains("cantho_2017_2024.csv", StringComparison.Ordinal) && s.Contains("not SIPAS", StringComparison.Ordinal));
    }
}

public sealed class PostgresApiTests(PostgresApp app) : ApiBehaviour<PostgresApp>(app), IClassFixture<PostgresApp>;

public sealed class SqliteApiTests(SqliteApp app) : ApiBehaviour<SqliteApp>(app), IClassFixture<SqliteApp>;
