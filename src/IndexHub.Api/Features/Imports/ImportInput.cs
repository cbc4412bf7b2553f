using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using CsvHelper.Configuration;
using IndexHub.Api.Infrastructure;

namespace IndexHub.Api.Features.Imports;

/// <summary>The <c>Imports</c> configuration section.</summary>
public sealed class ImportLimits
{
    public const string Section = "Imports";

    /// <summary>Largest request body an import accepts.</summary>
    public long MaxBodyBytes { get; set; } = 10 * 1024 * 1024;

    /// <summary>Most rows one import may hold.</summary>
    public int MaxRows { get; set; } = 10_000;

    /// <summary>
    /// On PostgreSQL, tables of at least this many rows are written by binary COPY into staging tables and merged
    /// in set-based statements (same transaction, same revision rules); smaller ones through EF Core.
    /// </summary>
    public int BulkCopyFromRows { get; set; } = 500;

    /// <summary>
    /// How long one statement of a write may run (seconds). A large import merges or updates a million rows in one
    /// statement; at the default 30 s such a statement timed out and the whole write was replayed.
    /// </summary>
    public int WriteCommandTimeoutSeconds { get; set; } = 600;
}

/// <summary>A table as JSON: the options, and one object per row.</summary>
public sealed record ImportJson
{
    /// <example>2021</example>
    public int? Year { get; init; }
    /// <example>null</example>
    public string? Edition { get; init; }
    /// <example>null</example>
    public string? Cohort { get; init; }
    /// <summary>The day whose geography the table uses; default the year's last day (DTI 2024: 2025-07-01).</summary>
    /// <example>null</example>
    public DateOnly? Geography { get; init; }
    /// <example>false</example>
    public bool DryRun { get; init; }
    public SourceInput? Source { get; init; }
    public IReadOnlyList<ImportJsonRow>? Rows { get; init; }
}

public sealed record ImportJsonRow
{
    /// <summary>The unit by code ("79") or by any name ("TP.HCM").</summary>
    /// <example>TP.HCM</example>
    public string? Unit { get; init; }
    /// <example>null</example>
    public int? Year { get; init; }
    /// <example>67.89</example>
    public decimal? Score { get; init; }
    /// <example>29</example>
    public int? Rank { get; init; }
    /// <example>Khá</example>
    public string? Tier { get; init; }
    /// <example>null</example>
    public string? Status { get; init; }
    /// <example>null</example>
    public string? Note { get; init; }
    /// <summary>Component scores by component code; "N/A" where the component does not apply.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Components { get; init; }
    public SourceInput? Source { get; init; }
}

/// <summary>Reads an import's table from CSV or JSON into rows of named cells.</summary>
public static class ImportInput
{
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    public static (IReadOnlyList<string> Columns, IReadOnlyList<ImportRow> Rows) ReadCsv(TextReader reader, int maxRows)
    {
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            DetectDelimiter = true,
            PrepareHeaderForMatch = args => args.Header.Trim().ToLowerInvariant(),
            BadDataFound = null,
        });
        var rows = new List<ImportRow>();
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header)
            {
                throw new ImportRejectedException([new ImportError { Row = 0, Column = "header", Reason = "the CSV has no header row" }]);
            }
            var columns = header.Select(h => h.Trim().TrimStart('\uFEFF').ToLowerInvariant()).ToList();
            var duplicate = columns.GroupBy(c => c).FirstOrDefault(g => g.Count() > 1);
            if (duplicate is not null)
            {
                throw new ImportRejectedException([new ImportError { Row = 0, Column = duplicate.Key, Reason = "the column appears twice" }]);
            }
            while (csv.Read())
            {
                if (rows.Count == maxRows)
                {
                    throw RequestValidationException.For("rows", $"an import holds at most {maxRows} rows (Imports:MaxRows).");
                }
                var cells = new Dictionary<string, string>(StringComparer.Ordinal);
                for (var i = 0; i < columns.Count; i++)
                {
                    cells[columns[i]] = csv.TryGetField<string>(i, out var value) ? value ?? "" : "";
                }
                if (cells.Values.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }
                rows.Add(new ImportRow(rows.Count + 1, cells));
            }
            return (columns, rows);
        }
        catch (CsvHelperException e)
        {
            throw new ImportRejectedException([new ImportError { Row = rows.Count + 1, Column = "", Reason = $"malformed CSV: {e.Message.Split('\n')[0]}" }]);
        }
    }

    public static ImportJson ReadJson(string body)
    {
        try
        {
            return JsonSerializer.Deserialize<ImportJson>(body, Json) ?? throw RequestValidationException.For("body", "the JSON body is empty.");
        }
        catch (JsonException e)
        {
            throw RequestValidationException.For("body", $"malformed JSON: {e.Message.Split('.')[0]}.");
        }
    }

    public static (IReadOnlyList<string> Columns, IReadOnlyList<ImportRow> Rows) FromJson(ImportJson json, int maxRows)
    {
        var input = json.Rows ?? throw RequestValidationException.For("rows", "the JSON has no rows.");
        if (input.Count > maxRows)
        {
            throw RequestValidationException.For("rows", $"an import holds at most {maxRows} rows (Imports:MaxRows).");
        }
        var rows = new List<ImportRow>();
        var columns = new HashSet<string>(StringComparer.Ordinal) { "unit" };
        foreach (var (row, i) in input.Select((r, i) => (r, i)))
        {
            var cells = new Dictionary<string, string>(StringComparer.Ordinal) { ["unit"] = row.Unit ?? "" };
            void Add(string column, string? value)
            {
                if (value is not null)
                {
                    cells[column] = value;
                    columns.Add(column);
                }
            }
            Add("year", row.Year?.ToString(CultureInfo.InvariantCulture));
            Add("score", row.Score?.ToString(CultureInfo.InvariantCulture));
            Add("rank", row.Rank?.ToString(CultureInfo.InvariantCulture));
            Add("tier", row.Tier);
            Add("status", row.Status);
            Add("note", row.Note);
            Add("source_publisher", row.Source?.Publisher);
            Add("source_title", row.Source?.Title);
            Add("source_url", row.Source?.Url);
            Add("source_date", row.Source?.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            foreach (var (code, value) in row.Components ?? new Dictionary<string, JsonElement>())
            {
                Add(code.ToLowerInvariant(), value.ValueKind switch
                {
                    JsonValueKind.Number => value.GetRawText(),
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Null => "",
                    _ => value.GetRawText(),
                });
            }
            rows.Add(new ImportRow(i + 1, cells));
        }
        return (columns.ToList(), rows);
    }
}
