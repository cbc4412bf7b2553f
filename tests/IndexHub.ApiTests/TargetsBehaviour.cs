using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using IndexHub.Api.Features.Keys;
using IndexHub.Api.Features.Targets;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using IndexHub.ApiTests.Infrastructure;
using Mediator;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace IndexHub.ApiTests;

/// <summary>Targets and who answers for them (issue 16): the shipped goals, each status, and the write rules, run once per engine.</summary>
public abstract class TargetsBehaviour<TApp>(TApp app) where TApp : IndexHubApp
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

    private async Task<string> KeyAsync(ApiKeyRole role)
    {
        app.RequireEngine();
        await using var scope = app.CreateScope();
        var created = await scope.ServiceProvider.GetRequiredService<ISender>()
            .Send(new CreateKey.Command($"test {role} {Guid.NewGuid():N}", role.ToString(), Author.CommandLine()), Ct);
        return created.Secret;
    }

    private static async Task<JsonElement> JsonAsync(HttpResponseMessage response, HttpStatusCode expected)
    {
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.True(response.StatusCode == expected, $"expected {(int)expected}, got {(int)response.StatusCode}: {body}");
        return body.Length == 0 ? default : JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<HttpResponseMessage> SendAsync(HttpMethod method, string url, string? key, object? body = null, string? ifMatch = null)
    {
        using var request = new HttpRequestMessage(method, url);
        if (body is not null)
        {
            request.Content = JsonContent.Create(body);
        }
        if (key is not null)
        {
            request.Headers.Add("X-Api-Key", key);
        }
        if (ifMatch is not null)
        {
            request.Headers.TryAddWithoutValidation("If-Match", ifMatch);
        }
        return await Client.SendAsync(request, Ct);
    }

    private static JsonElement Only(JsonElement list, string index, string? component = null) =>
        list.GetProperty("items").EnumerateArray().Single(t => t.GetProperty("index").GetString() == index
            && (component is null ? t.GetProperty("component").ValueKind == JsonValueKind.Null : t.GetProperty("component").GetString() == component));

    private static JsonElement Progress(JsonElement target, int year) =>
        target.GetProperty("progress").EnumerateArray().Single(p => p.GetProperty("year").GetInt32() == year);

    private static TargetInput Goal(string province, string index, int year, string target, string? component = null) => new()
    {
        Province = province, Index = index, Component = component, FromYear = year, Target = target, SetBy = "UBND (test)", Owner = "Sở Nội vụ (test)",
        SourceTitle = "A test source", SourceUrl = "https://example.org/goal", SourceDate = new DateOnly(2024, 1, 2), Quote = "phấn đấu (test)",
    };

    [Fact]
    public async Task TP_HCM_PAR_2023_is_not_met_at_33rd_against_the_top_15_beside_the_source_s_own_evaluation()
    {
        var list = await JsonAsync(await Client.GetAsync("/api/v1/provinces/79/targets?year=2023", Ct), HttpStatusCode.OK);
        var par = Only(list, "PAR");
        Assert.Equal("rank_at_most:15", par.GetProperty("target").GetString());
        Assert.Equal("Sở Nội vụ TP.HCM", par.GetProperty("owner").GetProperty("name").GetString());
        Assert.Equal("UBND TP.HCM", par.GetProperty("setBy").GetString());
        Assert.Contains("chưa đạt được chỉ tiêu", par.GetProperty("source").GetProperty("quote").GetString(), StringComparison.Ordinal);
        var progress = Progress(par, 2023);
        Assert.Equal("notMet", progress.GetProperty("status").GetString());
        Assert.Equal(33, progress.GetProperty("actual").GetProperty("value").GetInt32());
        Assert.Equal("published", progress.GetProperty("actual").GetProperty("basis").GetString());
        Assert.Equal(15, progress.GetProperty("against").GetProperty("value").GetInt32());
        Assert.Equal("target", progress.GetProperty("against").GetProperty("basis").GetString());
        Assert.False(progress.GetProperty("derived").GetBoolean());
        Assert.Equal("not met: 33rd of 63 in 2023", progress.GetProperty("evaluationInSource").GetString());

        // Beside the index on the scorecard, and among the index's goals.
        var card = await JsonAsync(await Client.GetAsync("/api/v1/provinces/79/scorecard?year=2023", Ct), HttpStatusCode.OK);
        var entry = card.GetProperty("indices").EnumerateArray().Single(e => e.GetProperty("index").GetString() == "PAR");
        Assert.Equal("notMet", Progress(entry.GetProperty("targets").EnumerateArray().Single(), 2023).GetProperty("status").GetString());
        var byIndex = await JsonAsync(await Client.GetAsync("/api/v1/indices/PAR/targets?year=2023", Ct), HttpStatusCode.OK);
        Assert.Contains(byIndex.GetProperty("items").EnumerateArray(), t => t.GetProperty("unit").GetProperty("code").GetString() == "79");

        var csv = await Client.GetStringAsync("/api/v1/provinces/79/targets?year=2023&format=csv", Ct);
        Assert.StartsWith("id,unit_code,", csv.TrimStart('\uFEFF'), StringComparison.Ordinal);
        Assert.Contains("rank_at_most:15,2023,2023,UBND TP.HCM,Sở Nội vụ TP.HCM,,2023,notMet,", csv, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Cần_Thơ_PCI_2023_is_met_at_14th_against_a_19th_derived_from_down_7_on_the_2021_table_s_12th()
    {
        // The PCI 2021 table's Cần Thơ row (pcivietnam.vn, ranks 1-21), as the data release of issue 13 ships it.
        var editor = await KeyAsync(ApiKeyRole.Editor);
        using (var import = new HttpRequestMessage(HttpMethod.Post,
            "/api/v1/indices/PCI/imports?year=2021&sourceKind=publisher&sourcePublisher=VCCI&sourceUrl=https://www.pcivietnam.vn/bang-chi-so-cac-tinh-thanh-viet-nam")
        {
            Content = new StringContent("unit,score,rank\nCần Thơ,68.06,12\n", Encoding.UTF8, "text/csv"),
        })
        {
            import.Headers.Add("X-Api-Key", editor);
            await JsonAsync(await Client.SendAsync(import, Ct), HttpStatusCode.OK);
        }

        var list = await JsonAsync(await Client.GetAsync("/api/v1/provinces/92/targets?year=2023", Ct), HttpStatusCode.OK);
        var pci = Only(list, "PCI");
        Assert.Equal("Sở Kế hoạch và Đầu tư TP Cần Thơ", pci.GetProperty("owner").GetProperty("name").GetString());
        var progress = Progress(pci, 2023);
        Assert.Equal("met", progress.GetProperty("status").GetString());
        Assert.True(progress.GetProperty("derived").GetBoolean());
        Assert.Equal(14, progress.GetProperty("actual").GetProperty("value").GetInt32());
        var against = progress.GetProperty("against");
        Assert.Equal(19, against.GetProperty("value").GetInt32());
        Assert.Equal(2022, against.GetProperty("year").GetInt32());
        Assert.Equal("derived", against.GetProperty("basis").GetString());
        Assert.Contains("12th in 2021 (published)", against.GetProperty("derivation").GetString(), StringComparison.Ordinal);
        Assert.Contains("down 7 places on 2021", against.GetProperty("derivation").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Goals_for_PAR_fields_whose_scores_are_not_held_are_not_evaluable_and_say_why()
    {
        var list = await JsonAsync(await Client.GetAsync("/api/v1/provinces/92/targets?year=2023", Ct), HttpStatusCode.OK);
        // The source says "Chính phủ điện tử, Chính phủ số"; QĐ 876 names the field "chính quyền điện tử, chính quyền số".
        var digital = Only(list, "PAR", "digital_government");
        Assert.Equal("Sở Thông tin và Truyền thông TP Cần Thơ", digital.GetProperty("owner").GetProperty("name").GetString());
        var progress = Progress(digital, 2023);
        Assert.Equal("notEvaluable", progress.GetProperty("status").GetString());
        Assert.Contains("held", progress.GetProperty("explanation").GetString(), StringComparison.Ordinal);
        Assert.Equal(JsonValueKind.Null, progress.GetProperty("actual").ValueKind);
        Assert.Equal("improve", Only(list, "PAR", "admin_procedures").GetProperty("target").GetString());
    }

    [Fact]
    public async Task A_goal_for_a_year_without_results_is_pending_and_one_against_a_published_mean_is_met()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        var pending = await JsonAsync(await SendAsync(HttpMethod.Post, "/api/v1/targets", editor, Goal("TP.HCM", "PAR", 2030, "rank_at_most:10")), HttpStatusCode.Created);
        Assert.Equal("pending", Progress(pending, 2030).GetProperty("status").GetString());

        // SIPAS 2023: the ministry publishes the national mean, 82.66; Quảng Ninh's 90.61 is above it.
        var mean = await JsonAsync(await SendAsync(HttpMethod.Post, "/api/v1/targets", editor, Goal("Quảng Ninh", "SIPAS", 2023, "score_above_national_mean")), HttpStatusCode.Created);
        var progress = Progress(mean, 2023);
        Assert.True(progress.GetProperty("status").GetString() == "met", progress.ToString());
        Assert.Equal("met", progress.GetProperty("status").GetString());
        Assert.Equal(82.66m, progress.GetProperty("against").GetProperty("value").GetDecimal());
        Assert.Equal("published", progress.GetProperty("against").GetProperty("basis").GetString());

        // PCI 2023 publishes only ranks for TP.HCM: no score to compare, whatever the mean.
        var noScore = await JsonAsync(await SendAsync(HttpMethod.Post, "/api/v1/targets", editor, Goal("TP.HCM", "PCI", 2023, "score_above_national_mean")), HttpStatusCode.Created);
        Assert.Equal("notEvaluable", Progress(noScore, 2023).GetProperty("status").GetString());
        var met = await JsonAsync(await SendAsync(HttpMethod.Post, "/api/v1/targets", editor, Goal("TP.HCM", "PCI", 2023, "rank_at_most:30")), HttpStatusCode.Created);
        Assert.Equal("met", Progress(met, 2023).GetProperty("status").GetString());
    }

    [Fact]
    public async Task Target_writes_need_an_editor_key_If_Match_and_leave_revisions_and_an_audit()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await SendAsync(HttpMethod.Post, "/api/v1/targets", null, Goal("TP.HCM", "PAR", 2024, "rank_at_most:15"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await SendAsync(HttpMethod.Post, "/api/v1/targets", await KeyAsync(ApiKeyRole.Reader), Goal("TP.HCM", "PAR", 2024, "rank_at_most:15"))).StatusCode);
        var editor = await KeyAsync(ApiKeyRole.Editor);
        var version = await DataVersionAsync();

        var created = await SendAsync(HttpMethod.Post, "/api/v1/targets", editor, Goal("TP.HCM", "PAR", 2024, "rank_at_most:15"));
        var target = await JsonAsync(created, HttpStatusCode.Created);
        var id = target.GetProperty("id").GetInt32();
        Assert.Equal(1, target.GetProperty("revision").GetInt32());
        Assert.Equal($"\"target-{id}-1\"", created.Headers.ETag!.Tag);
        Assert.True(await DataVersionAsync() > version);
        var read = await Client.GetAsync($"/api/v1/targets/{id}", Ct);
        await JsonAsync(read, HttpStatusCode.OK);
        var etag = read.Headers.ETag!.Tag;

        var changed = Goal("TP.HCM", "PAR", 2024, "rank_at_most:10");
        Assert.Equal(HttpStatusCode.PreconditionRequired, (await SendAsync(HttpMethod.Put, $"/api/v1/targets/{id}", editor, changed)).StatusCode);
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await SendAsync(HttpMethod.Put, $"/api/v1/targets/{id}", editor, changed, $"\"target-{id}-9\"")).StatusCode);
        var put = await SendAsync(HttpMethod.Put, $"/api/v1/targets/{id}", editor, changed, etag);
        var updated = await JsonAsync(put, HttpStatusCode.OK);
        Assert.Equal(2, updated.GetProperty("revision").GetInt32());
        Assert.Equal("rank_at_most:10", updated.GetProperty("target").GetString());
        // The same statement again is no revision; the old ETag is now stale.
        Assert.Equal(2, (await JsonAsync(await SendAsync(HttpMethod.Put, $"/api/v1/targets/{id}", editor, changed, put.Headers.ETag!.Tag), HttpStatusCode.OK)).GetProperty("revision").GetInt32());
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await SendAsync(HttpMethod.Delete, $"/api/v1/targets/{id}", editor, null, etag)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await SendAsync(HttpMethod.Delete, $"/api/v1/targets/{id}", editor, null, put.Headers.ETag!.Tag)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await Client.GetAsync($"/api/v1/targets/{id}", Ct)).StatusCode);
        var revisions = await JsonAsync(await Client.GetAsync($"/api/v1/targets/{id}/revisions", Ct), HttpStatusCode.OK);
        Assert.Equal(["create", "update", "delete"], revisions.EnumerateArray().Select(r => r.GetProperty("operation").GetString()));
        Assert.Equal("rank_at_most:15", revisions[0].GetProperty("state").GetProperty("target").GetString());

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IndexHubDbContext>();
        var audit = await db.AuditEntries.Where(a => a.Target == $"target {id}").OrderBy(a => a.Id).Select(a => a.Operation).ToListAsync(Ct);
        Assert.Equal(["target.create", "target.update", "target.delete"], audit);
    }

    [Fact]
    public async Task A_target_with_errors_is_refused_with_every_problem_at_once()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        var problem = await JsonAsync(await SendAsync(HttpMethod.Post, "/api/v1/targets", editor,
            new TargetInput { Province = "Atlantis", Index = "XYZ", FromYear = 2023, Target = "rank_at_most", SetBy = "UBND" }), HttpStatusCode.BadRequest);
        var errors = problem.GetProperty("errors");
        foreach (var field in new[] { "province", "index", "target", "owner", "sourceTitle", "quote" })
        {
            Assert.True(errors.TryGetProperty(field, out _), $"no error for {field}: {errors}");
        }
        var component = await JsonAsync(await SendAsync(HttpMethod.Post, "/api/v1/targets", editor, Goal("TP.HCM", "PAR", 2023, "improve", "not a field")), HttpStatusCode.BadRequest);
        Assert.True(component.GetProperty("errors").TryGetProperty("component", out _));
    }

    [Fact]
    public async Task A_second_start_changes_nothing_and_editors_targets_and_changes_survive_it()
    {
        var editor = await KeyAsync(ApiKeyRole.Editor);
        var own = await JsonAsync(await SendAsync(HttpMethod.Post, "/api/v1/targets", editor, Goal("Cần Thơ", "PAPI", 2024, "improve")), HttpStatusCode.Created);
        // An editor's word on a shipped target stands over the shipped file.
        var list = await JsonAsync(await Client.GetAsync("/api/v1/provinces/79/targets?year=2023", Ct), HttpStatusCode.OK);
        var sipas = Only(list, "SIPAS");
        var sipasId = sipas.GetProperty("id").GetInt32();
        var edited = Goal("TP.HCM", "SIPAS", 2023, "rank_at_most:15") with
        {
            SetBy = "UBND TP.HCM", Owner = "Sở Nội vụ TP.HCM", EvaluationInSource = "not met (the editor's note)",
        };
        await JsonAsync(await SendAsync(HttpMethod.Put, $"/api/v1/targets/{sipasId}", editor, edited, $"\"target-{sipasId}-{sipas.GetProperty("revision").GetInt32()}\""), HttpStatusCode.OK);

        await using var scope = app.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<IndexHubDbContext>();
        var before = (await db.Targets.CountAsync(Ct), await db.TargetRevisions.CountAsync(Ct), await db.ReadDataVersionAsync(Ct));
        Assert.True(await db.Targets.CountAsync(t => t.ShippedKey != null, Ct) == 5);
        var changed = await ShippedTargets.LoadAsync(db, TimeProvider.System, Path.Combine(AppContext.BaseDirectory, "data"), Ct);
        Assert.Equal(0, changed);
        Assert.Equal(before, (await db.Targets.CountAsync(Ct), await db.TargetRevisions.CountAsync(Ct), await db.ReadDataVersionAsync(Ct)));
        Assert.Equal(200, (int)(await Client.GetAsync($"/api/v1/targets/{own.GetProperty("id").GetInt32()}", Ct)).StatusCode);
        var after = await JsonAsync(await Client.GetAsync($"/api/v1/targets/{sipasId}", Ct), HttpStatusCode.OK);
        Assert.Equal("not met (the editor's note)", after.GetProperty("evaluationInSource").GetString());
    }

    private async Task<long> DataVersionAsync()
    {
        await using var scope = app.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<IndexHubDbContext>().ReadDataVersionAsync(Ct);
    }
}

public sealed class SqliteTargetsTests(SqliteApp app) : TargetsBehaviour<SqliteApp>(app), IClassFixture<SqliteApp>;

public sealed class PostgresTargetsTests(PostgresApp app) : TargetsBehaviour<PostgresApp>(app), IClassFixture<PostgresApp>;
