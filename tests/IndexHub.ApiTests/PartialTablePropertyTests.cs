using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using CsCheck;
using IndexHub.Api.Features.Keys;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Persistence.Entities;
using IndexHub.ApiTests.Infrastructure;
using Mediator;
using Microsoft.Extensions.DependencyInjection;

namespace IndexHub.ApiTests;

/// <summary>
/// Generated partial tables (random units and columns, blanks, three sources of different kinds, now and then a bad
/// cell) imported one after another over the state the previous ones left: every figure a table does not state is
/// unchanged afterwards, no computed figure exists over an incomplete cohort, and a table with an error changes nothing.
/// </summary>
public abstract class PartialTablePropertyBehaviour<TApp>(TApp app) where TApp : IndexHubApp
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;
    private static readonly string[] Units = ["01", "79", "31", "48", "92", "22", "26", "38", "46", "52", "83", "84"];
    private static readonly string[] Components = ["entry_costs", "land_access", "transparency"];
    private static readonly (string Url, string Kind)[] Sources =
        [("https://example.org/vcci-2015", "publisher"), ("https://example.org/portal-2015", "official"), ("https://example.org/press-2015", "press")];

    /// <summary>One generated table: its columns, its rows (unit, and a cell per column; null is a blank), its source, and maybe a bad cell.</summary>
    private sealed record Table(string[] Columns, (string Unit, string?[] Cells)[] Rows, int Source, bool Bad);

    private static readonly Gen<Table> Tables =
        Gen.Select(Gen.Bool.Array[2 + Components.Length], Gen.Shuffle(Units, 1, 8), Gen.Int[0, Sources.Length - 1], Gen.Int[0, 9]).SelectMany((pick, units, source, bad) =>
        {
            string[] all = ["score", "rank", .. Components];
            var columns = all.Where((_, i) => pick[i]).DefaultIfEmpty("score").ToArray();
            var cell = Gen.Select(Gen.Int[0, 3], Gen.Int[4000, 8000], Gen.Int[1, 63], Gen.Int[100, 999]);
            return cell.Array[columns.Length].Array[units.Length].Select(rows => new Table(columns,
                [.. units.Select((u, r) => (u, columns.Select((c, i) =>
                {
                    var (blank, score, rank, component) = rows[r][i];
                    return blank == 0 ? null : c switch
                    {
                        "score" => (score / 100m).ToString(CultureInfo.InvariantCulture),
                        "rank" => rank.ToString(CultureInfo.InvariantCulture),
                        _ => (component / 100m).ToString(CultureInfo.InvariantCulture),
                    };
                }).ToArray()))], source, bad == 0));
        });

    [Fact]
    public async Task Every_figure_a_table_does_not_state_is_unchanged_and_nothing_is_derived_from_incomplete_scores()
    {
        app.RequireEngine();
        string key;
        await using (var scope = app.CreateScope())
        {
            key = (await scope.ServiceProvider.GetRequiredService<ISender>().Send(new CreateKey.Command("property", "editor", Author.CommandLine()), Ct)).Secret;
        }
        await Tables.SampleAsync(async table =>
        {
            var before = await RankingAsync();
            var csv = new StringBuilder("unit," + string.Join(',', table.Columns) + "\n");
            foreach (var (unit, cells) in table.Rows)
            {
                csv.Append(unit).Append(',').AppendJoin(',', cells.Select(c => c ?? "")).Append('\n');
            }
            if (table.Bad)
            {
                csv.Append(CultureInfo.InvariantCulture, $"{Units[^1]},{string.Join(',', table.Columns.Select(_ => "abc"))}\n");
            }
            var (url, kind) = Sources[table.Source];
            using var request = new HttpRequestMessage(HttpMethod.Post, $"/api/v1/indices/PCI/imports?year=2015&sourceUrl={Uri.EscapeDataString(url)}&sourceKind={kind}")
            {
                Content = new StringContent(csv.ToString(), Encoding.UTF8, "text/csv"),
            };
            request.Headers.Add("X-Api-Key", key);
            using var response = await app.Client.SendAsync(request, Ct);
            var after = await RankingAsync();
            if (table.Bad)
            {
                Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
                Assert.Equal(before.Raw, after.Raw);
                return;
            }
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);

            // Every figure the table does not state shows as it did.
            foreach (var unit in Units)
            {
                var stated = table.Rows.Where(r => r.Unit == unit).Select(r => r.Cells).FirstOrDefault();
                bool States(string column) => stated is not null && Array.IndexOf(table.Columns, column) is var i and >= 0 && stated[i] is not null;
                if (!before.Rows.TryGetValue(unit, out var was))
                {
                    continue;
                }
                Assert.True(after.Rows.TryGetValue(unit, out var now), $"{unit} was held and is gone");
                if (!States("score"))
                {
                    Assert.Equal(Field(was, "score") + Field(was, "status"), Field(now, "score") + Field(now, "status"));
                }
                if (!States("rank"))
                {
                    Assert.Equal(Field(was, "publishedRank"), Field(now, "publishedRank"));
                }
                foreach (var component in Components.Where(c => !States(c)))
                {
                    Assert.Equal(ComponentScore(was, component), ComponentScore(now, component));
                }
                Assert.All(was.GetProperty("sources").EnumerateArray().Where(s => s.GetProperty("source").GetProperty("url").GetString() != url),
                    s => Assert.Contains(now.GetProperty("sources").EnumerateArray(), n => n.ToString() == s.ToString()));
            }

            // Nothing is derived from an incomplete cohort.
            Assert.False(after.Document.GetProperty("cohort").GetProperty("complete").GetBoolean());
            Assert.Equal(JsonValueKind.Null, after.Document.GetProperty("statistics").GetProperty("computed").ValueKind);
            Assert.All(after.Rows.Values, r => Assert.Equal(JsonValueKind.Null, r.GetProperty("computedRank").ValueKind));
            Assert.All(after.Rows.Values.SelectMany(r => r.GetProperty("components").EnumerateArray()), c => Assert.Equal(JsonValueKind.Null, c.GetProperty("computedRank").ValueKind));
        }, iter: 25, threads: 1);
    }

    private async Task<(string Raw, JsonElement Document, Dictionary<string, JsonElement> Rows)> RankingAsync()
    {
        using var response = await app.Client.GetAsync("/api/v1/indices/PCI/results?year=2015&pageSize=200&include=components,sources", Ct);
        if (response.StatusCode == HttpStatusCode.NotFound)
        {
            return ("", default, []);
        }
        var raw = await response.Content.ReadAsStringAsync(Ct);
        var document = JsonDocument.Parse(raw).RootElement.Clone();
        return (raw, document, document.GetProperty("results").GetProperty("items").EnumerateArray().ToDictionary(r => r.GetProperty("unit").GetProperty("code").GetString()!));
    }

    private static string Field(JsonElement row, string name) => row.GetProperty(name).GetRawText();

    private static string ComponentScore(JsonElement row, string code) =>
        row.GetProperty("components").EnumerateArray().FirstOrDefault(c => c.GetProperty("code").GetString() == code) is { ValueKind: JsonValueKind.Object } c
            ? c.GetProperty("score").GetRawText() + c.GetProperty("status").GetString()
            : "absent";
}

public sealed class SqlitePartialTableProperties(SqliteApp app) : PartialTablePropertyBehaviour<SqliteApp>(app), IClassFixture<SqliteApp>;

public sealed class PostgresPartialTableProperties(PostgresApp app) : PartialTablePropertyBehaviour<PostgresApp>(app), IClassFixture<PostgresApp>;

public sealed class PostgresBulkCopyPartialTableProperties(PostgresBulkCopyApp app) : PartialTablePropertyBehaviour<PostgresBulkCopyApp>(app), IClassFixture<PostgresBulkCopyApp>;
