using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IndexHub.Api.Features.Writes;
using IndexHub.Api;
using IndexHub.Api.Features.Keys;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using IndexHub.ApiTests.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IndexHub.ApiTests;

/// <summary>Imports, corrections, revisions and the audit, run once per engine. Each test writes its own index and year.</summary>
public abstract class WritesBehaviour<TApp>(TApp app) : EditorBehaviour<TApp>(app) where TApp : IndexHubApp
{
    private async Task<(int Results, int Revisions, int History)> CountsAsync()
    {
        await using var scope = App.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IndexHubDbContext>();
        return (await db.Results.CountAsync(Ct), await db.Revisions.CountAsync(Ct), await db.ResultHistory.CountAsync(Ct));
    }

    private static JsonElement Row(JsonElement ranking, string code) =>
        ranking.GetProperty("results").GetProperty("items").EnumerateArray().Single(r => r.GetProperty("unit").GetProperty("code").GetString() == code);

    [Fact]
    public async Task Writes_need_an_editor_key_and_say_so_as_problems()
    {
        const string csv = "unit,score,rank\nQuảng Ninh,75.09,1\n";
        var anonymous = await ImportCsvAsync("PCI", "year=2020&sourceUrl=https://example.org/a&sourceKind=press", csv, null);
        var problem = await JsonAsync(anonymous, HttpStatusCode.Unauthorized);
        Assert.Equal(401, problem.GetProperty("status").GetInt32());
        Assert.True(anonymous.Headers.WwwAuthenticate.Count > 0);

        var reader = await KeyAsync(ApiKeyRole.Reader);
        await JsonAsync(await ImportCsvAsync("PCI", "year=2020&sourceUrl=https://example.org/a&sourceKind=press", csv, reader), HttpStatusCode.Forbidden);
        await JsonAsync(await ImportCsvAsync("PCI", "year=2020&sourceUrl=https://example.org/a&sourceKind=press", csv, "ihk_not-a-key"), HttpStatusCode.Unauthorized);

        var editor = await KeyAsync(ApiKeyRole.Editor);
        using var keys = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/keys");
        keys.Headers.Authorization = new AuthenticationHeaderValue("Bearer", editor);
        await JsonAsync(await Client.SendAsync(keys, Ct), HttpStatusCode.Forbidden);
        using var audit = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/audit");
        audit.Headers.Add("X-Api-Key", editor);
        await JsonAsync(await Client.SendAsync(audit, Ct), HttpStatusCode.Forbidden);

        // A revoked key stops working at once.
        var admin = await KeyAsync(ApiKeyRole.Admin);
        var prefix = editor[..12];
        using var revoke = new HttpRequestMessage(HttpMethod.Delete, $"/api/v1/admin/keys/{prefix}");
        revoke.Headers.Add("X-Api-Key", admin);
        Assert.NotEqual(JsonValueKind.Null, (await JsonAsync(await Client.SendAsync(revoke, Ct), HttpStatusCode.OK)).GetProperty("revokedAt").ValueKind);
        await JsonAsync(await ImportCsvAsync("PCI", "year=2020&sourceUrl=https://example.org/a&sourceKind=press", csv, editor), HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task A_complete_cohort_imports_and_the_same_file_twice_changes_nothing()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        // VCCI's own 2020 table, as shipped: 63 provinces, names as VCCI spells them.
        var csv = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "data", "pci", "pci_2020.csv"), Ct);
        csv = csv.Replace("province_name,", "unit,", StringComparison.Ordinal);
        const string query = "year=2020&sourceUrl=https%3A%2F%2Fpcivietnam.vn%2Fbang-xep-hang%3Fyear%3D2020&sourceKind=publisher&sourceTitle=PCI%202020";

        var first = await JsonAsync(await ImportCsvAsync("PCI", query, csv, editor), HttpStatusCode.OK);
        Assert.Equal(63, first.GetProperty("rows").GetInt32());
        Assert.Equal(0, first.GetProperty("added").GetInt32());
        var before = await CountsAsync();

        var again = await JsonAsync(await ImportCsvAsync("PCI", query, csv, editor), HttpStatusCode.OK);
        Assert.Equal((63, 0, 0), (again.GetProperty("unchanged").GetInt32(), again.GetProperty("changed").GetInt32(), again.GetProperty("added").GetInt32()));
        Assert.Equal(JsonValueKind.Null, again.GetProperty("revision").ValueKind);
        Assert.StartsWith("unchanged", again.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, await CountsAsync());

        var ranking = await Client.GetJsonAsync("/api/v1/indices/PCI/results?year=2020");
        Assert.True(ranking.GetProperty("cohort").GetProperty("complete").GetBoolean());
        Assert.Equal(1, Row(ranking, "22").GetProperty("computedRank").GetInt32());
    }

    [Fact]
    public async Task A_partial_table_keeps_published_ranks_and_a_change_makes_a_revision_with_the_old_value_readable()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        // PCI 2024 as the press reported it (datapoints.csv), names as the press spells them.
        const string table = "unit,score,rank\nHải Phòng,74.84,1\nQuảng Ninh,73.20,2\nLong An,,3\nBRVT,,5\nTP.HCM,67.89,29\n";
        const string query = "year=2024&sourceUrl=https%3A%2F%2Flite.baomoi.com%2Fpci-2024&sourceKind=press&sourcePublisher=Baomoi";
        var imported = await JsonAsync(await ImportCsvAsync("PCI", query, table, editor), HttpStatusCode.OK);
        Assert.Equal(5, imported.GetProperty("rows").GetInt32());

        var ranking = await Client.GetJsonAsync("/api/v1/indices/PCI/results?year=2024");
        Assert.Equal("29/63", Row(ranking, "79").GetProperty("rankLabel").GetString());
        Assert.Equal("notInSource", Row(ranking, "80").GetProperty("status").GetString());
        Assert.Equal(JsonValueKind.Null, Row(ranking, "79").GetProperty("computedRank").ValueKind);

        // At once in the scorecard and compare too.
        var card = await Client.GetJsonAsync("/api/v1/provinces/79/scorecard?year=2024");
        var pci = card.GetProperty("indices").EnumerateArray().Single(e => e.GetProperty("index").GetString() == "PCI");
        Assert.Equal(29, pci.GetProperty("result").GetProperty("rank").GetInt32());
        var compare = await Client.GetJsonAsync("/api/v1/compare?index=PCI&year=2024&units=31,79");
        Assert.Equal(["31"], compare.GetProperty("rows")[0].GetProperty("best").EnumerateArray().Select(b => b.GetString()!).ToArray());

        var revisionsBefore = (await CountsAsync()).Revisions;
        var yesterday = DateOnly.FromDateTime(DateTime.UtcNow).AddDays(-1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var changed = await JsonAsync(await ImportCsvAsync("PCI", "year=2024&sourceUrl=https%3A%2F%2Fexample.org%2Ferratum&sourceKind=publisher", "unit,score,rank\n31,74.85,1\n", editor), HttpStatusCode.OK);
        Assert.Equal(1, changed.GetProperty("changed").GetInt32());
        var revision = changed.GetProperty("revision").GetInt32();
        Assert.Equal(revisionsBefore + 1, (await CountsAsync()).Revisions);

        var now = Row(await Client.GetJsonAsync("/api/v1/indices/PCI/results?year=2024"), "31");
        Assert.Equal("74.85", now.GetProperty("score").GetRawText());
        Assert.True(now.GetProperty("conflict").GetBoolean());
        var then = Row(await Client.GetJsonAsync($"/api/v1/indices/PCI/results?year=2024&revision={revision - 1}"), "31");
        Assert.Equal("74.84", then.GetProperty("score").GetRawText());
        var shipped = Row(await Client.GetJsonAsync($"/api/v1/indices/PCI/results?year=2024&asOf={yesterday}"), "31");
        Assert.Equal("74.84", shipped.GetProperty("score").GetRawText());

        var revisions = await Client.GetJsonAsync("/api/v1/indices/PCI/revisions?year=2024");
        var latest = revisions.GetProperty("items")[0];
        Assert.Equal(revision, latest.GetProperty("revision").GetInt32());
        Assert.Equal("https://example.org/erratum", latest.GetProperty("source").GetProperty("url").GetString());
        var change = latest.GetProperty("changes").EnumerateArray().Single(c => c.GetProperty("unit").GetString() == "31");
        Assert.Equal(("74.84", "74.85"), (change.GetProperty("before").GetProperty("score").GetRawText(), change.GetProperty("after").GetProperty("score").GetRawText()));
    }

    [Fact]
    public async Task A_table_with_every_kind_of_error_writes_nothing_and_lists_every_error()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        await using (var scope = App.CreateScope())
        {
            // Two provinces answering to one alias, to have an ambiguous name.
            var db = scope.ServiceProvider.GetRequiredService<IndexHubDbContext>();
            db.ChangeTracker.QueryTrackingBehavior = QueryTrackingBehavior.TrackAll;
            foreach (var unit in await db.Units.Where(u => (u.Code == "93" || u.Code == "94") && u.ValidFrom == null).ToListAsync(Ct))
            {
                db.UnitNames.Add(new UnitName { UnitId = unit.Id, Kind = UnitNameKind.Alias, Value = "Tây Nam Bộ test", MatchKey = "tay nam bo test" });
            }
            await db.SaveChangesAsync(Ct);
            // Names are read once per data version: a change made behind the service's back moves the version, as a write would.
            scope.ServiceProvider.GetRequiredService<IndexHub.Api.Infrastructure.DataVersionState>().Observe(await db.BumpDataVersionAsync(DateTime.UtcNow, Ct));
        }
        const string table = """
            unit,score,rank,tier,status,bogus_component
            Atlantis,60,1,,,
            Tây Nam Bộ test,60,2,,,
            Hà Nội,160,3,,,
            Hà Nội,60,4,,,
            Đà Nẵng,60,-2,,,
            Huế,60,2.5,Superb,,
            Cần Thơ,,7,,lost,
            """;
        var before = await CountsAsync();
        var problem = await JsonAsync(await ImportCsvAsync("PCI", "year=2023&sourceUrl=https%3A%2F%2Fexample.org%2Fbad&sourceKind=press", table, editor), HttpStatusCode.UnprocessableEntity);
        var errors = problem.GetProperty("errors").EnumerateArray()
            .Select(e => (Row: e.GetProperty("row").GetInt32(), Column: e.GetProperty("column").GetString(), Reason: e.GetProperty("reason").GetString()!))
            .ToList();
        Assert.Contains(errors, e => e.Row == 0 && e.Column == "bogus_component" && e.Reason.StartsWith("unknown component", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 1 && e.Column == "unit" && e.Reason.StartsWith("unknown unit", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 2 && e.Column == "unit" && e.Reason.StartsWith("ambiguous name", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 3 && e.Column == "score" && e.Reason.StartsWith("score outside", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 4 && e.Column == "unit" && e.Reason.StartsWith("duplicate unit", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 5 && e.Column == "rank" && e.Reason.StartsWith("rank not a positive whole number", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 6 && e.Column == "rank");
        Assert.Contains(errors, e => e.Row == 6 && e.Column == "tier" && e.Reason.StartsWith("unknown tier", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.Row == 7 && e.Column == "status" && e.Reason.StartsWith("unknown status", StringComparison.Ordinal));
        Assert.Equal(before, await CountsAsync());

        // A unit not valid at the table's date, and a year outside every edition.
        var dated = await JsonAsync(await ImportCsvAsync("DTI", "year=2024&sourceUrl=https%3A%2F%2Fexample.org%2Fdti&sourceKind=press", "unit,score\nHậu Giang,0.61\n", editor), HttpStatusCode.UnprocessableEntity);
        Assert.StartsWith("unit not valid at that date", dated.GetProperty("errors")[0].GetProperty("reason").GetString(), StringComparison.Ordinal);
        var early = await JsonAsync(await ImportCsvAsync("PAPI", "year=2009&sourceUrl=https%3A%2F%2Fexample.org%2Fpapi&sourceKind=press", "unit,score\n01,40\n", editor), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(early.GetProperty("errors").EnumerateArray(), e => e.GetProperty("reason").GetString()!.StartsWith("year outside", StringComparison.Ordinal));
        var sourceless = await JsonAsync(await ImportCsvAsync("PCI", "year=2023", "unit,score\n01,60\n", editor), HttpStatusCode.UnprocessableEntity);
        Assert.Contains(sourceless.GetProperty("errors").EnumerateArray(), e => e.GetProperty("reason").GetString()!.StartsWith("no source", StringComparison.Ordinal));
        Assert.Equal(before, await CountsAsync());
    }

    [Fact]
    public async Task Concurrent_imports_of_one_index_and_year_end_in_one_table_never_a_mix()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        // Test figures (not shipped data): two editors send different versions of the same two rows at once.
        var tables = Enumerable.Range(0, 6).Select(i => $"unit,score,rank\n38,{80 + i}.5,10\n40,{70 + i}.25,20\n").ToList();
        var responses = await Task.WhenAll(tables.Select((t, i) => ImportCsvAsync("SIPAS", $"year=2019&sourceUrl=https%3A%2F%2Fexample.org%2Fsipas-{i}&sourceKind=press", t, editor)));
        Assert.All(responses, r => Assert.True(r.StatusCode is HttpStatusCode.OK or HttpStatusCode.Conflict, r.StatusCode.ToString()));

        var ranking = await Client.GetJsonAsync("/api/v1/indices/SIPAS/results?year=2019");
        var thanhHoa = Row(ranking, "38").GetProperty("score").GetDecimal();
        var ngheAn = Row(ranking, "40").GetProperty("score").GetDecimal();
        var version = (int)(thanhHoa - 80.5m);
        Assert.Equal(70.25m + version, ngheAn);
    }

    [Fact]
    public async Task Corrections_need_the_current_etag_and_a_delete_stays_in_history()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        const string url = "/api/v1/indices/PAR/results/2022/01";
        using var read = await Client.GetAsync(url, Ct);
        var etag = read.Headers.ETag!.Tag;
        Assert.Equal("89.58", (await JsonAsync(read, HttpStatusCode.OK)).GetProperty("score").GetRawText());

        HttpRequestMessage Put(string? ifMatch, decimal score)
        {
            var request = new HttpRequestMessage(HttpMethod.Put, url) { Content = JsonContent.Create(new { score, rank = 3, source = new { url = "https://example.org/par-erratum", kind = "publisher" } }) };
            request.Headers.Add("X-Api-Key", editor);
            if (ifMatch is not null)
            {
                request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
            }
            return request;
        }
        using (var blind = Put(null, 89.60m))
        {
            await JsonAsync(await Client.SendAsync(blind, Ct), (HttpStatusCode)428);
        }
        using (var first = Put(etag, 89.60m))
        {
            Assert.Equal("89.60", (await JsonAsync(await Client.SendAsync(first, Ct), HttpStatusCode.OK)).GetProperty("score").GetRawText());
        }
        using (var stale = Put(etag, 89.70m))
        {
            await JsonAsync(await Client.SendAsync(stale, Ct), HttpStatusCode.PreconditionFailed);
        }
        Assert.Equal("89.60", (await Client.GetJsonAsync(url)).GetProperty("score").GetRawText());

        using var current = await Client.GetAsync(url, Ct);
        using var delete = new HttpRequestMessage(HttpMethod.Delete, url);
        delete.Headers.Add("X-Api-Key", editor);
        delete.Headers.TryAddWithoutValidation("If-Match", current.Headers.ETag!.Tag);
        Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(delete, Ct)).StatusCode);
        await Client.GetProblemAsync(url, HttpStatusCode.NotFound);

        var revisions = (await Client.GetJsonAsync("/api/v1/indices/PAR/revisions?year=2022")).GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["delete", "update"], revisions.Take(2).Select(r => r.GetProperty("operation").GetString()!).ToArray());
        var beforeDelete = revisions[0].GetProperty("revision").GetInt32() - 1;
        var old = Row(await Client.GetJsonAsync($"/api/v1/indices/PAR/results?year=2022&revision={beforeDelete}"), "01");
        Assert.Equal("89.60", old.GetProperty("score").GetRawText());
        var shipped = Row(await Client.GetJsonAsync("/api/v1/indices/PAR/results?year=2022&revision=0"), "01");
        Assert.Equal("89.58", shipped.GetProperty("score").GetRawText());
    }

    [Fact]
    public async Task Reloading_the_shipped_data_keeps_what_editors_wrote()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        const string corrected = "/api/v1/indices/PAPI/results/2021/92";
        const string deleted = "/api/v1/indices/PAPI/results/2021/01";
        async Task<string> EtagAsync(string url)
        {
            using var read = await Client.GetAsync(url, Ct);
            Assert.Equal(HttpStatusCode.OK, read.StatusCode);
            return read.Headers.ETag!.Tag;
        }
        using (var put = new HttpRequestMessage(HttpMethod.Put, corrected)
        {
            Content = JsonContent.Create(new { score = 41.2345m, rank = 50, source = new { url = "https://example.org/papi-2021-erratum", kind = "publisher" } }),
        })
        {
            put.Headers.Add("X-Api-Key", editor);
            put.Headers.TryAddWithoutValidation("If-Match", await EtagAsync(corrected));
            await JsonAsync(await Client.SendAsync(put, Ct), HttpStatusCode.OK);
        }
        using (var delete = new HttpRequestMessage(HttpMethod.Delete, deleted))
        {
            delete.Headers.Add("X-Api-Key", editor);
            delete.Headers.TryAddWithoutValidation("If-Match", await EtagAsync(deleted));
            Assert.Equal(HttpStatusCode.NoContent, (await Client.SendAsync(delete, Ct)).StatusCode);
        }

        // What a restart, or a release with the same shipped files, does.
        await using (var scope = App.CreateScope())
        {
            var report = await scope.ServiceProvider.GetRequiredService<IndexHub.Api.Features.Writes.ShippedDataLoader>()
                .LoadAsync(Path.Combine(AppContext.BaseDirectory, "data"), Ct);
            Assert.Contains(report.SkippedSummary(), line => line.Contains("kept as written through the API", StringComparison.Ordinal));
        }

        Assert.Equal("41.2345", (await Client.GetJsonAsync(corrected)).GetProperty("score").GetRawText());
        await Client.GetProblemAsync(deleted, HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task A_correction_recomputes_its_years_ranks_and_the_next_years_change()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        const string corrected = "/api/v1/indices/PAPI/results/2022/01";
        var next = await Client.GetJsonAsync("/api/v1/indices/PAPI/results/2023/01");
        var scoreNext = next.GetProperty("score").GetDecimal();
        using var read = await Client.GetAsync(corrected, Ct);
        using (var put = new HttpRequestMessage(HttpMethod.Put, corrected)
        {
            Content = JsonContent.Create(new { score = 20.0000m, source = new { url = "https://example.org/papi-2022-erratum", kind = "publisher" } }),
        })
        {
            put.Headers.Add("X-Api-Key", editor);
            put.Headers.TryAddWithoutValidation("If-Match", read.Headers.ETag!.Tag);
            await JsonAsync(await Client.SendAsync(put, Ct), HttpStatusCode.OK);
        }

        // The year's computed ranks: 20 is below every other province's PAPI 2022 score, so Hà Nội is last.
        var ranking = await Client.GetJsonAsync("/api/v1/indices/PAPI/results?year=2022&pageSize=100");
        var last = ranking.GetProperty("results").GetProperty("items").EnumerateArray()
            .Where(r => r.GetProperty("computedRank").ValueKind == System.Text.Json.JsonValueKind.Number)
            .Max(r => r.GetProperty("computedRank").GetInt32());
        Assert.Equal(last, Row(ranking, "01").GetProperty("computedRank").GetInt32());
        Assert.True(last > 50);
        // The next year's change is measured from the corrected score.
        var change = (await Client.GetJsonAsync("/api/v1/indices/PAPI/results/2023/01")).GetProperty("change");
        Assert.Equal(20.0000m, change.GetProperty("previousScore").GetDecimal());
        Assert.Equal(scoreNext - 20.0000m, change.GetProperty("score").GetDecimal());
    }

    [Fact]
    public async Task Json_and_file_uploads_import_too_and_a_dry_run_writes_nothing()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        var json = new
        {
            year = 2021,
            dryRun = true,
            source = new { url = "https://baobariavungtau.com.vn/kinh-te/202207/", publisher = "Báo Bà Rịa - Vũng Tàu", kind = "press" },
            rows = new[] { new { unit = "BRVT", score = 69.03m, rank = 9 } },
        };
        var before = await CountsAsync();
        using (var dry = new HttpRequestMessage(HttpMethod.Post, "/api/v1/indices/PCI/imports") { Content = JsonContent.Create(json) })
        {
            dry.Headers.Add("X-Api-Key", editor);
            var outcome = await JsonAsync(await Client.SendAsync(dry, Ct), HttpStatusCode.OK);
            Assert.True(outcome.GetProperty("dryRun").GetBoolean());
            Assert.Equal(1, outcome.GetProperty("changed").GetInt32() + outcome.GetProperty("added").GetInt32());
        }
        Assert.Equal(before, await CountsAsync());

        using var form = new MultipartFormDataContent();
        form.Add(new StringContent("unit,score,rank,tier\nQuảng Ninh,73.40,1,Rất tốt\nĐồng Tháp,72.10,2,Rất tốt\n", Encoding.UTF8, "text/csv"), "file", "pci_2019.csv");
        using var upload = new HttpRequestMessage(HttpMethod.Post, "/api/v1/indices/PCI/imports?year=2019&sourceUrl=http%3A%2F%2Fdoanhnghiep.vinhphuc.gov.vn%2F&sourceKind=official") { Content = form };
        upload.Headers.Add("X-Api-Key", editor);
        var uploaded = await JsonAsync(await Client.SendAsync(upload, Ct), HttpStatusCode.OK);
        Assert.Equal(2, uploaded.GetProperty("rows").GetInt32());
        var ranking = await Client.GetJsonAsync("/api/v1/indices/PCI/results?year=2019");
        // The row names its tier by code; the answer's names block names it once.
        var tier = Row(ranking, "22").GetProperty("tier").GetString();
        Assert.Equal("Rất tốt", ranking.GetProperty("names").GetProperty("tiers").EnumerateArray().Single(t => t.GetProperty("code").GetString() == tier).GetProperty("nameVi").GetString());
    }

    [Fact]
    public async Task The_command_line_makes_keys_and_imports_through_the_same_handlers_and_everything_is_audited()
    {
        App.RequireEngine();
        using var output = new StringWriter();
        using var error = new StringWriter();
        Assert.Equal(0, await CommandLine.RunAsync(App.Services, ["keys", "create", "--role", "admin", "--name", "Test admins"], output, error));
        var admin = output.ToString().Trim().Split('\n')[^1].Trim();
        Assert.StartsWith("ihk_", admin, StringComparison.Ordinal);

        var file = Path.Combine(Path.GetTempPath(), $"indexhub-{Guid.NewGuid():N}.csv");
        await File.WriteAllTextAsync(file, "unit,score,rank\nBắc Giang,63.01,36\n", Ct);
        try
        {
            Assert.Equal(0, await CommandLine.RunAsync(App.Services,
                ["import", file, "--index", "PCI", "--year", "2018", "--source-url", "https://www.pcivietnam.vn/ho-so-tinh/bac-giang", "--source-kind", "publisher"], output, error));
            Assert.Contains("PCI 2018", output.ToString(), StringComparison.Ordinal);
            Assert.Equal(1, await CommandLine.RunAsync(App.Services, ["import", file, "--index", "PCI", "--year", "2018"], output, error));
            Assert.Contains("no source", error.ToString(), StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(file);
        }

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/v1/admin/audit?pageSize=200");
        request.Headers.Add("X-Api-Key", admin);
        var audit = await JsonAsync(await Client.SendAsync(request, Ct), HttpStatusCode.OK);
        var entries = audit.GetProperty("items").EnumerateArray().ToList();
        Assert.Contains(entries, e => e.GetProperty("operation").GetString() == "key.create" && e.GetProperty("actor").GetString()!.StartsWith("cli:", StringComparison.Ordinal));
        var import = entries.First(e => e.GetProperty("operation").GetString() == "import" && e.GetProperty("target").GetString() == "PCI 2018 provinces-63");
        Assert.False(string.IsNullOrEmpty(import.GetProperty("requestId").GetString()));
        Assert.Contains("63.01", import.GetProperty("after").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain(entries, e => (e.GetProperty("after").GetString() ?? "").Contains(admin, StringComparison.Ordinal));
    }
}

public sealed class PostgresWritesTests(PostgresApp app) : WritesBehaviour<PostgresApp>(app), IClassFixture<PostgresApp>;

public sealed class SqliteWritesTests(SqliteApp app) : WritesBehaviour<SqliteApp>(app), IClassFixture<SqliteApp>;

/// <summary>PostgreSQL with every import written by binary COPY (Imports:BulkCopyFromRows=1), so the write rules hold on that path too.</summary>
public sealed class PostgresBulkCopyApp(PostgresServer server) : PostgresApp(server)
{
    protected override IEnumerable<KeyValuePair<string, string?>> Settings() => [new("Imports:BulkCopyFromRows", "1")];
}

public sealed class PostgresBulkCopyWritesTests(PostgresBulkCopyApp app) : WritesBehaviour<PostgresBulkCopyApp>(app), IClassFixture<PostgresBulkCopyApp>;
