using System.Text.Json;
using Npgsql;

// The two baselines bench/perf.sh measures IndexHub against, on the same machine in the same run:
//   /static/{path}  the bytes IndexHub answered for {path}, captured once at start and served from memory:
//                   the ceiling of the HTTP stack here.
//   /raw/...        the same reads written by hand: Npgsql (one batched round trip), Utf8JsonWriter,
//                   no EF Core, no mediator, no mapping, no validation.
// Usage: IndexHub.Baselines --urls URL --IndexHub BASE --Postgres CONNECTION --Capture "/path1 /path2 ..."
var builder = WebApplication.CreateBuilder(args);
builder.Logging.SetMinimumLevel(LogLevel.Warning);
var app = builder.Build();
var indexHub = app.Configuration["IndexHub"] ?? throw new InvalidOperationException("--IndexHub BASE is required");
await using var dataSource = NpgsqlDataSource.Create(app.Configuration["Postgres"] ?? throw new InvalidOperationException("--Postgres is required"));

var captured = new Dictionary<string, (byte[] Body, string ContentType)>(StringComparer.Ordinal);
using (var client = new HttpClient { BaseAddress = new Uri(indexHub) })
{
    foreach (var path in (app.Configuration["Capture"] ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries))
    {
        using var response = await client.GetAsync(path);
        response.EnsureSuccessStatusCode();
        captured[path] = (await response.Content.ReadAsByteArrayAsync(), response.Content.Headers.ContentType?.ToString() ?? "application/json");
    }
}

app.MapGet("/static/{**path}", (HttpContext http, string path) =>
{
    var key = "/" + path + http.Request.QueryString;
    return captured.TryGetValue(key, out var answer)
        ? Results.Bytes(answer.Body, answer.ContentType)
        : Results.NotFound();
});

const string ResultColumns = """
    r."Id", u."Code", u."Name", u."Type", rg."Code", e."Code", c."Code", r."Year", r."Score", r."Status", r."PublishedRank", r."ComputedRank",
    c."Size", r."Percentile", r."ScoreChange", r."RankChange", r."Comparable", r."HasConflict", i."Code"
    """;
const string ResultJoins = """
    FROM results r JOIN units u ON u."Id" = r."UnitId" LEFT JOIN regions rg ON rg."Id" = u."RegionId"
    JOIN index_editions e ON e."Id" = r."EditionId" JOIN indices i ON i."Id" = e."IndexId" JOIN cohorts c ON c."Id" = r."CohortId"
    """;

// Results, their components and their sources, for the result ids a filter selects; one round trip. The ids as an
// array computed once (an InitPlan), then index lookups: as IN subqueries PostgreSQL sometimes scanned every result.
async Task WriteResultsAsync(HttpContext http, string filter, Action<NpgsqlParameterCollection> parameters, string order, bool statistics, int? limit = null)
{
    await using var batch = dataSource.CreateBatch();
    void Add(string sql)
    {
        var command = new NpgsqlBatchCommand(sql);
        parameters(command.Parameters);
        batch.BatchCommands.Add(command);
    }
    var page = limit is null ? "" : $" LIMIT {limit}";
    var selected = $"SELECT r.\"Id\" {ResultJoins} WHERE {filter} ORDER BY {order}{page}";
    Add($"SELECT {ResultColumns} {ResultJoins} WHERE {filter} ORDER BY {order}{page}");
    Add($"""SELECT rc."ResultId", ic."Code", rc."Score", rc."Status", rc."PublishedRank" FROM result_components rc JOIN index_components ic ON ic."Id" = rc."ComponentId" WHERE rc."ResultId" = ANY(ARRAY({selected})) ORDER BY ic."Order" """);
    Add($"""SELECT ro."ResultId", s."Url", s."Citation", ro."Metric", ro."Score", ro."Rank" FROM result_observations ro JOIN sources s ON s."Id" = ro."SourceId" WHERE ro."ResultId" = ANY(ARRAY({selected}))""");
    if (statistics)
    {
        Add($"""SELECT cs."ComponentId", cs."Count", cs."Mean", cs."Median", cs."Min", cs."Max" FROM computed_statistics cs WHERE cs."RegionId" IS NULL AND (cs."EditionId", cs."CohortId", cs."Year") IN (SELECT r."EditionId", r."CohortId", r."Year" {ResultJoins} WHERE {filter})""");
    }
    await using var reader = await batch.ExecuteReaderAsync(http.RequestAborted);
    var rows = new List<object?[]>();
    while (await reader.ReadAsync())
    {
        var row = new object?[reader.FieldCount];
        reader.GetValues(row!);
        rows.Add(row);
    }
    var components = new Dictionary<int, List<object?[]>>();
    await reader.NextResultAsync();
    while (await reader.ReadAsync())
    {
        var row = new object?[5];
        reader.GetValues(row!);
        (components.TryGetValue((int)row[0]!, out var list) ? list : components[(int)row[0]!] = []).Add(row);
    }
    var sources = new Dictionary<int, List<object?[]>>();
    await reader.NextResultAsync();
    while (await reader.ReadAsync())
    {
        var row = new object?[6];
        reader.GetValues(row!);
        (sources.TryGetValue((int)row[0]!, out var list) ? list : sources[(int)row[0]!] = []).Add(row);
    }
    var stats = new List<object?[]>();
    if (statistics && await reader.NextResultAsync())
    {
        while (await reader.ReadAsync())
        {
            var row = new object?[6];
            reader.GetValues(row!);
            stats.Add(row);
        }
    }

    http.Response.ContentType = "application/json; charset=utf-8";
    await using var json = new Utf8JsonWriter(http.Response.BodyWriter);
    json.WriteStartObject();
    json.WriteStartArray("results");
    foreach (var row in rows)
    {
        json.WriteStartObject();
        json.WriteStartObject("unit");
        json.WriteString("code", (string)row[1]!);
        json.WriteString("name", (string)row[2]!);
        json.WriteString("type", (string)row[3]!);
        Value(json, "region", row[4]);
        json.WriteEndObject();
        json.WriteString("index", (string)row[18]!);
        json.WriteString("edition", (string)row[5]!);
        json.WriteString("cohort", (string)row[6]!);
        json.WriteNumber("year", (int)row[7]!);
        Value(json, "score", row[8]);
        json.WriteString("status", (string)row[9]!);
        Value(json, "rank", row[10] ?? row[11]);
        Value(json, "publishedRank", row[10]);
        Value(json, "computedRank", row[11]);
        Value(json, "cohortSize", row[12]);
        Value(json, "percentile", row[13]);
        json.WriteStartObject("change");
        Value(json, "score", row[14]);
        Value(json, "places", row[15]);
        Value(json, "comparable", row[16]);
        json.WriteEndObject();
        json.WriteStartArray("components");
        foreach (var component in components.GetValueOrDefault((int)row[0]!) ?? [])
        {
            json.WriteStartObject();
            json.WriteString("code", (string)component[1]!);
            Value(json, "score", component[2]);
            json.WriteString("status", (string)component[3]!);
            Value(json, "rank", component[4]);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteBoolean("conflict", (bool)row[17]!);
        json.WriteStartArray("sources");
        foreach (var source in sources.GetValueOrDefault((int)row[0]!) ?? [])
        {
            json.WriteStartObject();
            Value(json, "url", source[1]);
            Value(json, "citation", source[2]);
            json.WriteString("metric", (string)source[3]!);
            Value(json, "score", source[4]);
            Value(json, "rank", source[5]);
            json.WriteEndObject();
        }
        json.WriteEndArray();
        json.WriteEndObject();
    }
    json.WriteEndArray();
    json.WriteStartArray("statistics");
    foreach (var stat in stats)
    {
        json.WriteStartObject();
        Value(json, "componentId", stat[0]);
        Value(json, "count", stat[1]);
        Value(json, "mean", stat[2]);
        Value(json, "median", stat[3]);
        Value(json, "min", stat[4]);
        Value(json, "max", stat[5]);
        json.WriteEndObject();
    }
    json.WriteEndArray();
    json.WriteEndObject();
}

const string National = """c."Kind" = 'Provinces'""";
const string ProvinceOnDay = """
    (SELECT p."Id" FROM units p WHERE p."Code" = @code AND p."ParentId" IS NULL AND (p."ValidFrom" IS NULL OR p."ValidFrom" <= @day) AND (p."ValidTo" IS NULL OR p."ValidTo" >= @day))
    """;

// A page of 100, as IndexHub's default page size.
app.MapGet("/raw/indices/{code}/results", (HttpContext http, string code, int year, string? cohort) =>
    WriteResultsAsync(http, $"""upper(i."Code") = upper(@code) AND r."Year" = @year AND {(cohort is null ? National : "c.\"Code\" = @cohort")}""",
        p => { p.AddWithValue("code", code); p.AddWithValue("year", year); p.AddWithValue("cohort", cohort ?? ""); },
        """coalesce(r."PublishedRank", r."ComputedRank"), u."Code" """, statistics: true, limit: 100));

// A province's series: its own results and those of the units merged into it, as IndexHub's series reads them.
// (The unit ids as an array, computed once: as an IN subquery the planner scanned every component value.)
app.MapGet("/raw/provinces/{code}/results", (HttpContext http, string code, DateOnly? asOf) =>
    WriteResultsAsync(http, $"""
        r."UnitId" = ANY(ARRAY(WITH RECURSIVE lineage(id) AS (SELECT {ProvinceOnDay} UNION SELECT e."FromUnitId" FROM lineage_events e JOIN lineage l ON e."ToUnitId" = l.id)
            SELECT id FROM lineage)) AND {National}
        """,
        p => { p.AddWithValue("code", code); p.AddWithValue("day", asOf ?? DateOnly.FromDateTime(DateTime.UtcNow.AddHours(7))); },
        """i."Code", r."Year" """, statistics: false));

app.MapGet("/raw/provinces/{code}/scorecard", (HttpContext http, string code, int year) =>
    WriteResultsAsync(http, $"""r."UnitId" = {ProvinceOnDay} AND r."Year" = @year AND {National}""",
        p => { p.AddWithValue("code", code); p.AddWithValue("year", year); p.AddWithValue("day", new DateOnly(year, 12, 31)); },
        """i."Code" """, statistics: true));

app.MapGet("/raw/compare", (HttpContext http, string index, int year, string units) =>
    WriteResultsAsync(http, $"""upper(i."Code") = upper(@index) AND r."Year" = @year AND {National} AND u."Code" = ANY(@units)""",
        p => { p.AddWithValue("index", index); p.AddWithValue("year", year); p.AddWithValue("units", units.Split(',')); },
        """u."Code" """, statistics: true));

app.MapGet("/raw/provinces", async (HttpContext http, int year) =>
{
    await using var command = dataSource.CreateCommand("""
        SELECT u."Code", u."Name", u."FullName", u."NameAscii", u."NameEn", u."Type", u."ValidFrom", u."ValidTo", rg."Code", rg."NameVi", rg."NameEn"
        FROM units u LEFT JOIN regions rg ON rg."Id" = u."RegionId"
        WHERE u."ParentId" IS NULL AND u."Type" IN ('Province', 'Municipality')
          AND (u."ValidFrom" IS NULL OR u."ValidFrom" <= @day) AND (u."ValidTo" IS NULL OR u."ValidTo" >= @day)
        ORDER BY u."Code" LIMIT 100
        """);
    command.Parameters.AddWithValue("day", new DateOnly(year, 12, 31));
    await using var reader = await command.ExecuteReaderAsync(http.RequestAborted);
    http.Response.ContentType = "application/json; charset=utf-8";
    await using var json = new Utf8JsonWriter(http.Response.BodyWriter);
    json.WriteStartObject();
    json.WriteStartArray("items");
    while (await reader.ReadAsync())
    {
        json.WriteStartObject();
        string[] names = ["code", "name", "fullName", "nameAscii", "nameEn", "type", "validFrom", "validTo"];
        for (var i = 0; i < names.Length; i++)
        {
            Value(json, names[i], reader.IsDBNull(i) ? null : reader.GetValue(i));
        }
        json.WriteStartObject("region");
        Value(json, "code", reader.IsDBNull(8) ? null : reader.GetString(8));
        Value(json, "nameVi", reader.IsDBNull(9) ? null : reader.GetString(9));
        Value(json, "nameEn", reader.IsDBNull(10) ? null : reader.GetString(10));
        json.WriteEndObject();
        json.WriteEndObject();
    }
    json.WriteEndArray();
    json.WriteEndObject();
});

app.Run();

static void Value(Utf8JsonWriter json, string name, object? value)
{
    switch (value)
    {
        case null or DBNull: json.WriteNull(name); break;
        case decimal d: json.WriteNumber(name, d); break;
        case int i: json.WriteNumber(name, i); break;
        case long l: json.WriteNumber(name, l); break;
        case bool b: json.WriteBoolean(name, b); break;
        case DateOnly day: json.WriteString(name, day.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture)); break;
        default: json.WriteString(name, Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture)); break;
    }
}
