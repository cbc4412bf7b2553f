using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IndexHub.Api.Features.Keys;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Persistence.Entities;
using IndexHub.ApiTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace IndexHub.ApiTests;

/// <summary>
/// The write rules (README, "Writes"), each on a table of the kind a new user brought: a table states only what it
/// holds, figures are kept per source, derived figures exist only over complete scores, every error is a 422, the
/// edition is the one the cohort implies, statistics can be imported, revisions are exact, the last admin key stays.
/// Each test writes its own index and year.
/// </summary>
public abstract class WriteRulesBehaviour<TApp>(TApp app) : EditorBehaviour<TApp>(app) where TApp : IndexHubApp
{
    private static List<(int Row, string Column, string Reason)> Errors(JsonElement problem) =>
        [.. problem.GetProperty("errors").EnumerateArray().Select(e => (e.GetProperty("row").GetInt32(), e.GetProperty("column").GetString()!, e.GetProperty("reason").GetString()!))];

    private async Task<JsonElement> ResultAsync(string index, int year, string unit, string? cohort = null) =>
        await Client.GetJsonAsync($"/api/v1/indices/{index}/results/{year}/{Uri.EscapeDataString(unit)}{(cohort is null ? "" : $"?cohort={cohort}")}");

    [Fact]
    public async Task A_component_only_table_leaves_totals_ranks_and_changes_alone()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        var before = await ResultAsync("PAPI", 2019, "83");
        Assert.Equal("46.7428", before.GetProperty("score").GetRawText());
        var ranking2020 = await Client.GetJsonAsync("/api/v1/indices/PAPI/results?year=2020&pageSize=200");

        // The PAPI 2019 report's Table 3.1 states dimension 1 only: the totals it does not state stay as they were.
        var imported = await JsonAsync(await ImportCsvAsync("PAPI", "year=2019&sourceUrl=https://fliphtml5.com/vfkvv/ojja/THE_2019_PAPI_REPORT_ENG/67&sourceKind=publisher",
            "unit,d1_participation\nBến Tre,5.58\nTrà Vinh,5.36\n", editor), HttpStatusCode.OK);
        Assert.Equal(2, imported.GetProperty("changed").GetInt32());

        var after = await ResultAsync("PAPI", 2019, "83");
        Assert.Equal("46.7428", after.GetProperty("score").GetRawText());
        Assert.Equal("published", after.GetProperty("status").GetString());
        Assert.Equal(1, after.GetProperty("rank").GetInt32());
        // The report's 5.58 agrees with the repository's 5.5764: no conflict, and the more precise figure is shown.
        Assert.False(after.GetProperty("conflict").GetBoolean());
        var d1 = after.GetProperty("components").EnumerateArray().Single(c => c.GetProperty("code").GetString() == "d1_participation");
        Assert.Equal("5.5764", d1.GetProperty("score").GetRawText());
        Assert.Contains(after.GetProperty("sources").EnumerateArray(), s => s.GetProperty("source").GetProperty("url").GetString()!.Contains("fliphtml5", StringComparison.Ordinal));

        var ranking = await Client.GetJsonAsync("/api/v1/indices/PAPI/results?year=2019&pageSize=200");
        Assert.True(ranking.GetProperty("cohort").GetProperty("complete").GetBoolean());
        Assert.NotEqual(JsonValueKind.Null, ranking.GetProperty("statistics").GetProperty("computed").ValueKind);
        var after2020 = await Client.GetJsonAsync("/api/v1/indices/PAPI/results?year=2020&pageSize=200");
        Assert.Equal(ranking2020.GetProperty("results").ToString(), after2020.GetProperty("results").ToString());
    }

    [Fact]
    public async Task A_blank_never_erases_another_sources_figure_and_derived_figures_need_every_score()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        Assert.Equal("0.6077", (await ResultAsync("DTI", 2022, "84")).GetProperty("score").GetRawText());

        // The ministry's 63-row table: every rank, scores for the top 5 only.
        var table = new StringBuilder("unit,score,rank\n");
        foreach (var line in File.ReadLines(Path.Combine(AppContext.BaseDirectory, "Tables", "dti_2022.csv")).Skip(1))
        {
            var cells = line.Split(',');
            table.Append(System.Globalization.CultureInfo.InvariantCulture, $"{cells[0]},{cells[1]},{cells[2]}\n");
        }
        await JsonAsync(await ImportCsvAsync("DTI", "year=2022&sourceUrl=https://dti.gov.vn/xep-hang-2022&sourceKind=publisher", table.ToString(), editor), HttpStatusCode.OK);

        var traVinh = await ResultAsync("DTI", 2022, "84");
        Assert.Equal("0.6077", traVinh.GetProperty("score").GetRawText());
        Assert.Equal(25, traVinh.GetProperty("rank").GetInt32());
        // The ministry's table is shipped too: the import is a second statement of that publisher's source.
        Assert.Equal(["publisher", "official"], traVinh.GetProperty("sources").EnumerateArray().Select(s => s.GetProperty("source").GetProperty("kind").GetString()!).Distinct().ToArray());
        // Thanh Hóa and Yên Bái share 15th, as published.
        Assert.Equal(15, (await ResultAsync("DTI", 2022, "38")).GetProperty("rank").GetInt32());
        Assert.Equal(15, (await ResultAsync("DTI", 2022, "15")).GetProperty("rank").GetInt32());

        var ranking = await Client.GetJsonAsync("/api/v1/indices/DTI/results?year=2022&pageSize=200");
        Assert.False(ranking.GetProperty("cohort").GetProperty("complete").GetBoolean());
        Assert.Equal(JsonValueKind.Null, ranking.GetProperty("statistics").GetProperty("computed").ValueKind);
        Assert.Contains("scores held 6 of 63", ranking.GetProperty("statistics").GetProperty("computedNote").GetString(), StringComparison.Ordinal);
        Assert.All(ranking.GetProperty("results").GetProperty("items").EnumerateArray(), r => Assert.Equal(JsonValueKind.Null, r.GetProperty("computedRank").ValueKind));

        var years = await Client.GetJsonAsync("/api/v1/indices/DTI/years");
        var year = years.Items().Single(y => y.GetProperty("year").GetInt32() == 2022);
        Assert.Equal((63, 6, false), (year.GetProperty("rowsHeld").GetInt32(), year.GetProperty("scored").GetInt32(), year.GetProperty("complete").GetBoolean()));
        Assert.Empty((await Client.GetJsonAsync("/api/v1/indices/DTI/regions?year=2022")).GetProperty("regions").EnumerateArray());
        var card = await Client.GetJsonAsync("/api/v1/provinces/84/scorecard?year=2022");
        var dti = card.GetProperty("indices").EnumerateArray().Single(e => e.GetProperty("index").GetString() == "DTI");
        Assert.All(dti.GetProperty("components").EnumerateArray(), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("nationalMean").ValueKind));
        var compare = await Client.GetJsonAsync("/api/v1/compare?index=DTI&year=2022&units=84,48");
        Assert.All(compare.GetProperty("rows").EnumerateArray(), r => Assert.DoesNotContain(r.GetProperty("nationalMeans").EnumerateArray(), m => m.GetProperty("basis").GetString() == "computed"));
    }

    [Fact]
    public async Task Sources_disagreeing_are_both_kept_and_the_publisher_leads()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        await JsonAsync(await ImportCsvAsync("SIPAS", "year=2021&sourceUrl=https://example.org/press-sipas&sourceKind=press", "unit,score,rank\nĐà Nẵng,80.11,9\n", editor), HttpStatusCode.OK);
        await JsonAsync(await ImportCsvAsync("SIPAS", "year=2021&sourceUrl=https://example.org/ministry-sipas&sourceKind=publisher", "unit,score\nĐà Nẵng,80.21\n", editor), HttpStatusCode.OK);
        var row = await ResultAsync("SIPAS", 2021, "48");
        Assert.Equal("80.21", row.GetProperty("score").GetRawText());
        Assert.Equal(9, row.GetProperty("rank").GetInt32());
        Assert.True(row.GetProperty("conflict").GetBoolean());
        // A later press figure does not displace the publisher's.
        await JsonAsync(await ImportCsvAsync("SIPAS", "year=2021&sourceUrl=https://example.org/press-sipas-2&sourceKind=press", "unit,score\nĐà Nẵng,80.31\n", editor), HttpStatusCode.OK);
        Assert.Equal("80.21", (await ResultAsync("SIPAS", 2021, "48")).GetProperty("score").GetRawText());
        // One source, one kind.
        var problem = await JsonAsync(await ImportCsvAsync("SIPAS", "year=2021&sourceUrl=https://example.org/press-sipas&sourceKind=official", "unit,score\nĐà Nẵng,80.11\n", editor), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(Errors(problem), e => e.Column == "source_kind" && e.Reason.Contains("held as press", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_provinces_own_cohort_takes_its_units_by_code_or_name_and_its_own_edition()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        var ok = await JsonAsync(await ImportCsvAsync("PAR", "year=2023&cohort=01-departments&sourceUrl=https://example.org/hanoi-par&sourceKind=press", "unit,score\n01-so-noi-vu,94.25\n", editor), HttpStatusCode.OK);
        Assert.Equal("PAR-HN", ok.GetProperty("edition").GetString());
        var ranking = await Client.GetJsonAsync("/api/v1/indices/PAR/results?year=2023&cohort=01-departments");
        Assert.Single(ranking.GetProperty("results").GetProperty("items").EnumerateArray(), r => r.GetProperty("unit").GetProperty("code").GetString() == "01-so-noi-vu");

        var problem = await JsonAsync(await ImportCsvAsync("PAR", "year=2023&cohort=01-departments&sourceUrl=https://example.org/hanoi-par&sourceKind=press",
            "unit,score\nSở Không Có,90\nHà Nội,91\nquận Đống Đa,80\n", editor), HttpStatusCode.UnprocessableEntity);
        var errors = Errors(problem);
        Assert.Contains(errors, e => e.Row == 1 && e.Reason.StartsWith("unknown unit", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 2 && e.Reason.StartsWith("unknown unit", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 3 && e.Reason.StartsWith("unit outside the cohort", StringComparison.Ordinal));

        var wrongEdition = await JsonAsync(await ImportCsvAsync("PAR", "year=2023&cohort=01-departments&edition=PAR-2022&sourceUrl=https://example.org/hanoi-par&sourceKind=press",
            "unit,score\n01-so-noi-vu,94.25\n", editor), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(Errors(wrongEdition), e => e.Column == "edition" && e.Reason.Contains("second edition", StringComparison.Ordinal));

        var json = await ImportAsync("PAR", "", JsonContent.Create(new { year = 2023, cohort = "01-departments", source = new { url = "https://example.org/hanoi-par", kind = "press" }, rows = new[] { new { unit = "Sở Nội vụ", score = 94.25m } } }), editor);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
    }

    [Fact]
    public async Task Lenient_input_is_refused_with_every_problem_named()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        const string query = "year=2019&sourceUrl=https://example.org/pci-2019&sourceKind=press";
        var cells = await JsonAsync(await ImportCsvAsync("PCI", query, "unit,score\nHà Nội,88,52\nĐà Nẵng\n", editor), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(Errors(cells), e => e.Row == 1 && e.Reason.Contains("decimal comma", StringComparison.Ordinal));
        Assert.Contains(Errors(cells), e => e.Row == 2 && e.Reason.Contains("1 cells but the header has 2", StringComparison.Ordinal));

        var script = await JsonAsync(await ImportCsvAsync("PCI", "year=2019&sourceUrl=javascript:alert(1)&sourceKind=press", "unit,score\nHà Nội,60\n", editor), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(Errors(script), e => e.Column == "source_url");
        var noKind = await JsonAsync(await ImportCsvAsync("PCI", "year=2019&sourceUrl=https://example.org/x", "unit,score\nHà Nội,60\n", editor), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(Errors(noKind), e => e.Column == "source_kind");
        var outside = await JsonAsync(await ImportCsvAsync("PCI", "year=2021&cohort=provinces-34&sourceUrl=https://example.org/x&sourceKind=press", "unit,score\nHà Nội,60\n", editor), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(Errors(outside), e => e.Column == "cohort" && e.Reason.StartsWith("unit outside the cohort", StringComparison.Ordinal));
        var ddci = await JsonAsync(await ImportCsvAsync("DDCI", "year=2022&cohort=provinces-63&sourceUrl=https://example.org/x&sourceKind=press", "unit,score\nĐà Nẵng,60\n", editor), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(Errors(ddci), e => e.Column == "cohort");

        // Excel's plain CSV on Vietnamese Windows: Windows-1258, "Hà Nội" with a combining dot below.
        byte[] windows1258 = [.. "unit,score\n"u8.ToArray(), 0x48, 0xE0, 0x20, 0x4E, 0xF4, 0xF2, 0x69, .. ",59.2\n"u8.ToArray()];
        var decoded = await JsonAsync(await ImportAsync("PCI", query, new ByteArrayContent(windows1258) { Headers = { { "Content-Type", "text/csv" } } }, editor), HttpStatusCode.OK);
        Assert.Equal(1, decoded.GetProperty("rows").GetInt32());
        Assert.Equal("59.2", (await ResultAsync("PCI", 2019, "01")).GetProperty("sources").EnumerateArray()
            .Single(s => s.GetProperty("source").GetProperty("url").GetString() == "https://example.org/pci-2019").GetProperty("score").GetRawText());
        var unknown = await JsonAsync(await ImportAsync("PCI", query, new ByteArrayContent("unit,score\nx,1\n"u8.ToArray()) { Headers = { { "Content-Type", "text/csv; charset=klingon" } } }, editor), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(Errors(unknown), e => e.Column == "charset");
    }

    [Fact]
    public async Task Published_statistics_can_be_imported_and_revisions_are_exact()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        var latest = (await Client.GetJsonAsync("/api/v1/indices/PCI/revisions?pageSize=1")).GetProperty("items").EnumerateArray().Select(r => r.GetProperty("revision").GetInt32()).FirstOrDefault();
        var first = await JsonAsync(await ImportCsvAsync("PCI", "year=2017&sourceUrl=https://example.org/pci-2017&sourceKind=press",
            "unit,score,rank,metric\nHải Phòng,63.11,14,\nnational,60.62,,median\n", editor), HttpStatusCode.OK);
        var revision = first.GetProperty("revision").GetInt32();
        Assert.Equal(1, first.GetProperty("statistics").GetInt32());
        var listed = (await Client.GetJsonAsync("/api/v1/indices/PCI/revisions?year=2017")).GetProperty("items")[0];
        Assert.Equal(revision, listed.GetProperty("revision").GetInt32());
        foreach (var count in new[] { "added", "changed", "recomputed", "deleted", "statistics" })
        {
            Assert.Equal(first.GetProperty(count).GetInt32(), listed.GetProperty(count).GetInt32());
        }
        var now = await Client.GetJsonAsync("/api/v1/indices/PCI/results?year=2017");
        Assert.Contains(now.GetProperty("statistics").GetProperty("published").EnumerateArray(), s => s.GetProperty("metric").GetString() == "median" && s.GetProperty("value").GetRawText() == "60.62");

        // At the revision before, the table is as it stood: fewer rows, no statistic.
        var then = await Client.GetJsonAsync($"/api/v1/indices/PCI/results?year=2017&revision={revision - 1}");
        Assert.Equal(now.GetProperty("cohort").GetProperty("rowsHeld").GetInt32() - first.GetProperty("added").GetInt32(), then.GetProperty("cohort").GetProperty("rowsHeld").GetInt32());
        Assert.DoesNotContain(then.GetProperty("statistics").GetProperty("published").EnumerateArray(), s => s.GetProperty("metric").GetString() == "median");

        await Client.GetJsonAsync($"/api/v1/indices/PCI/results?year=2017&revision={Math.Max(latest, revision) + 1000}", HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task Editors_add_a_provinces_own_units_and_import_its_ranking_of_them()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        async Task<HttpResponseMessage> AddAsync(object body)
        {
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/v1/provinces/48/units") { Content = JsonContent.Create(body) };
            request.Headers.Add("X-Api-Key", editor);
            return await Client.SendAsync(request, Ct);
        }
        var created = await JsonAsync(await AddAsync(new { type = "department", name = "Sở Thử Nghiệm Đổi Mới", aliases = new[] { "STNĐM" }, validFrom = "2018-01-01", source = "https://example.org/danang-ddci" }), HttpStatusCode.Created);
        Assert.Equal("48-so-thu-nghiem-doi-moi", created.GetProperty("code").GetString());
        // The same name again, spelt without diacritics, in an overlapping period: refused, naming the unit held.
        var twice = await JsonAsync(await AddAsync(new { type = "department", name = "So Thu Nghiem Doi Moi", validFrom = "2020-01-01", source = "https://example.org/danang-ddci" }), HttpStatusCode.Conflict);
        Assert.Contains("48-so-thu-nghiem-doi-moi", twice.GetProperty("detail").GetString(), StringComparison.Ordinal);
        var bad = await JsonAsync(await AddAsync(new { type = "ministry", name = "", source = "" }), HttpStatusCode.BadRequest);
        Assert.True(bad.GetProperty("errors").TryGetProperty("type", out _));
        Assert.True(bad.GetProperty("errors").TryGetProperty("name", out _));

        // Đà Nẵng's ranking of it (the Đà Nẵng of before the 2025 merger, as validFrom said) imports, the unit named as a
        // table would (without diacritics).
        var imported = await JsonAsync(await ImportCsvAsync("DDCI", "year=2024&cohort=48-departments&sourceUrl=https://example.org/danang-ddci-2024&sourceKind=official",
            "unit,score,rank\nso thu nghiem doi moi,81.5,3\n", editor), HttpStatusCode.OK);
        Assert.Equal(1, imported.GetProperty("added").GetInt32());
        var units = await Client.GetJsonAsync("/api/v1/provinces/48/units/results?index=DDCI&year=2024");
        Assert.Contains(units.Items().SelectMany(k => k.GetProperty("results").GetProperty("items").EnumerateArray()),
            r => r.GetProperty("unit").GetProperty("code").GetString() == "48-so-thu-nghiem-doi-moi" && r.GetProperty("score").GetRawText() == "81.5");
    }

    [Fact]
    public async Task The_last_admin_key_cannot_be_revoked()
    {
        App.RequireEngine();
        await using var scope = App.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IndexHub.Api.Persistence.IndexHubDbContext>();
        var admin = await KeyAsync(ApiKeyRole.Admin);
        // Every other admin key revoked, so that this one is the last.
        foreach (var other in db.ApiKeys.Where(k => k.Role == ApiKeyRole.Admin && k.RevokedAt == null && !admin.StartsWith(k.Prefix)).ToList())
        {
            other.RevokedAt = DateTime.UtcNow;
            db.Update(other);
        }
        await db.SaveChangesAsync(Ct);
        using var request = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/admin/keys/{admin[..12]}");
        request.Headers.Add("X-Api-Key", admin);
        var problem = await JsonAsync(await Client.SendAsync(request, Ct), HttpStatusCode.Conflict);
        Assert.Contains("only active admin key", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}

public sealed class SqliteWriteRulesTests(SqliteApp app) : WriteRulesBehaviour<SqliteApp>(app), IClassFixture<SqliteApp>;

public sealed class PostgresWriteRulesTests(PostgresApp app) : WriteRulesBehaviour<PostgresApp>(app), IClassFixture<PostgresApp>;

public sealed class PostgresBulkCopyWriteRulesTests(PostgresBulkCopyApp app) : WriteRulesBehaviour<PostgresBulkCopyApp>(app), IClassFixture<PostgresBulkCopyApp>;
