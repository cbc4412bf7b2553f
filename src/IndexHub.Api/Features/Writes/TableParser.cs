using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using CsvHelper;
using CsvHelper.Configuration;
using IndexHub.Api.Infrastructure;

namespace IndexHub.Api.Features.Writes;

/// <summary>A row of a table as given: cells by column name (lower case), numbered from 1.</summary>
public sealed record TableRow(int Row, IReadOnlyDictionary<string, string> Cells);

/// <summary>A table as read from CSV or JSON: its columns and rows of cells, before any check of what they mean.</summary>
public sealed record ParsedTable(IReadOnlyList<string> Columns, IReadOnlyList<TableRow> Rows);

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
    /// <summary>The unit by code ("79") or by any name ("TP.HCM"); "national", a region's code or "cohort" for a published statistic.</summary>
    /// <example>TP.HCM</example>
    public string? Unit { get; init; }
    /// <example>null</example>
    public int? Year { get; init; }
    /// <example>67.89</example>
    public decimal? Score { get; init; }
    /// <example>29</example>
    public int? Rank { get; init; }
    /// <summary>explicit (default), listingOrder or scoreOrderInPublishedTop10.</summary>
    /// <example>null</example>
    public string? RankBasis { get; init; }
    /// <example>Khá</example>
    public string? Tier { get; init; }
    /// <example>null</example>
    public string? Status { get; init; }
    /// <summary>For a published statistic (unit national, a region or cohort): mean or median.</summary>
    /// <example>null</example>
    public string? Metric { get; init; }
    /// <example>null</example>
    public string? Note { get; init; }
    /// <summary>The source's words that state the figure.</summary>
    /// <example>null</example>
    public string? Quote { get; init; }
    /// <summary>Component scores by component code; "N/A" where the component does not apply.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Components { get; init; }
    public SourceInput? Source { get; init; }
}

/// <summary>
/// Reads an import's table, from the bytes of a CSV file or a JSON body, into rows of named cells: the one parser of
/// the API and the command line. Strict: a row with more or fewer cells than the header, a file in an encoding it
/// cannot read, or malformed quoting is an error naming the row, and every such error is reported at once.
/// </summary>
public static class TableParser
{
    public static readonly string[] UnitColumns = ["unit", "unit_code", "unit_name", "province", "province_name", "province_code", "code", "name"];

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    static TableParser() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    /// <summary>
    /// The text of a file: as its declared charset says; else by its byte-order mark (UTF-8, UTF-16); else UTF-8 when
    /// it is valid UTF-8; else Windows-1258 (Excel's plain CSV on Vietnamese Windows), composed to NFC so that names
    /// match. Anything else is refused, naming the encoding.
    /// </summary>
    public static string Decode(byte[] bytes, string? charset)
    {
        if (!string.IsNullOrWhiteSpace(charset))
        {
            var name = charset.Trim().Trim('"').ToLowerInvariant();
            Encoding declared;
            try
            {
                declared = name is "utf8" ? new UTF8Encoding(false, true) : Encoding.GetEncoding(name, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback);
            }
            catch (ArgumentException)
            {
                throw Rejected(0, "charset", charset, "unknown encoding: send UTF-8 (with or without a byte-order mark), UTF-16 or Windows-1258");
            }
            return Strict(bytes, declared, charset);
        }
        if (bytes.AsSpan().StartsWith((byte[])[0xEF, 0xBB, 0xBF]))
        {
            return Strict(bytes[3..], new UTF8Encoding(false, true), "UTF-8");
        }
        if (bytes.AsSpan().StartsWith((byte[])[0xFF, 0xFE]))
        {
            return Strict(bytes[2..], new UnicodeEncoding(false, false, true), "UTF-16");
        }
        if (bytes.AsSpan().StartsWith((byte[])[0xFE, 0xFF]))
        {
            return Strict(bytes[2..], new UnicodeEncoding(true, false, true), "UTF-16");
        }
        try
        {
            return new UTF8Encoding(false, true).GetString(bytes);
        }
        catch (DecoderFallbackException)
        {
            try
            {
                return Encoding.GetEncoding(1258, EncoderFallback.ExceptionFallback, DecoderFallback.ExceptionFallback).GetString(bytes).Normalize(NormalizationForm.FormC);
            }
            catch (DecoderFallbackException)
            {
                throw Rejected(0, "file", null, "the file is neither UTF-8, UTF-16 nor Windows-1258: save it as CSV UTF-8");
            }
        }
    }

    private static string Strict(byte[] bytes, Encoding encoding, string name)
    {
        try
        {
            return encoding.GetString(bytes).Normalize(NormalizationForm.FormC);
        }
        catch (DecoderFallbackException)
        {
            throw Rejected(0, "file", null, $"the file is not valid {name}: save it as CSV UTF-8");
        }
    }

    public static ParsedTable ReadCsv(string text, int maxRows)
    {
        var errors = new List<ImportError>();
        var rows = new List<TableRow>();
        var badData = new List<string>();
        using var reader = new StringReader(text.TrimStart('\uFEFF'));
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            TrimOptions = TrimOptions.Trim,
            DetectDelimiter = true,
            BadDataFound = args => badData.Add(args.Field),
        });
        try
        {
            if (!csv.Read() || !csv.ReadHeader() || csv.HeaderRecord is not { Length: > 0 } header || header.All(string.IsNullOrWhiteSpace))
            {
                throw Rejected(0, "header", null, "the CSV has no header row");
            }
            var columns = header.Select(h => h.Trim().ToLowerInvariant()).ToList();
            foreach (var (column, index) in columns.Select((c, i) => (c, i)))
            {
                if (column.Length == 0)
                {
                    errors.Add(new ImportError { Row = 0, Column = $"#{index + 1}", Reason = "a column has no name" });
                }
                else if (columns.IndexOf(column) != index)
                {
                    errors.Add(new ImportError { Row = 0, Column = column, Reason = "the column appears twice" });
                }
            }
            var line = 0;
            while (csv.Read())
            {
                var cellCount = csv.Parser.Count;
                var fields = Enumerable.Range(0, cellCount).Select(i => csv.GetField(i) ?? "").ToList();
                if (fields.All(string.IsNullOrWhiteSpace))
                {
                    continue;
                }
                line++;
                if (line > maxRows)
                {
                    throw RequestValidationException.For("rows", $"an import holds at most {maxRows} rows (Imports:MaxRows).");
                }
                foreach (var field in badData)
                {
                    errors.Add(new ImportError { Row = line, Column = "", Value = field, Reason = "malformed quoting: a cell that holds a quote must be quoted whole, with the quote doubled (\"\")" });
                }
                badData.Clear();
                if (cellCount != columns.Count)
                {
                    errors.Add(new ImportError
                    {
                        Row = line, Column = "", Value = csv.Parser.RawRecord.TrimEnd('\r', '\n'),
                        Reason = cellCount > columns.Count
                            ? $"the row has {cellCount} cells but the header has {columns.Count}: did you write a decimal comma? use 86.97 or quote the cell (\"86,97\")"
                            : $"the row has {cellCount} cells but the header has {columns.Count}",
                    });
                    continue;
                }
                rows.Add(new TableRow(line, columns.Select((c, i) => (c, fields[i])).ToDictionary(p => p.c, p => p.Item2, StringComparer.Ordinal)));
            }
            if (errors.Count > 0)
            {
                throw new ImportRejectedException(errors);
            }
            return new ParsedTable(columns, rows);
        }
        catch (CsvHelperException e)
        {
            errors.Add(new ImportError { Row = rows.Count + 1, Column = "", Reason = $"malformed CSV: {e.Message.Split('\n')[0]}" });
            throw new ImportRejectedException(errors);
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
            throw RequestValidationException.For(e.Path is { Length: > 1 } path ? path.TrimStart('$', '.') : "body", $"malformed JSON: {e.Message.Split(" Path:")[0]}");
        }
    }

    /// <summary>A JSON table as rows of cells, with the options it carries laid over those of the query string.</summary>
    public static (ImportOptions Options, ParsedTable Table) FromJson(ImportJson json, ImportOptions query, int maxRows)
    {
        var input = json.Rows ?? throw RequestValidationException.For("rows", "the JSON has no rows.");
        if (input.Count > maxRows)
        {
            throw RequestValidationException.For("rows", $"an import holds at most {maxRows} rows (Imports:MaxRows).");
        }
        var rows = new List<TableRow>();
        var columns = new List<string> { "unit" };
        foreach (var (row, i) in input.Select((r, i) => (r, i)))
        {
            if (row is null)
            {
                throw RequestValidationException.For($"rows[{i}]", "a row is null.");
            }
            var cells = new Dictionary<string, string>(StringComparer.Ordinal) { ["unit"] = row.Unit ?? "" };
            void Add(string column, string? value)
            {
                if (value is not null)
                {
                    cells[column] = value;
                    if (!columns.Contains(column))
                    {
                        columns.Add(column);
                    }
                }
            }
            Add("year", row.Year?.ToString(CultureInfo.InvariantCulture));
            Add("score", row.Score?.ToString(CultureInfo.InvariantCulture));
            Add("rank", row.Rank?.ToString(CultureInfo.InvariantCulture));
            Add("rank_basis", row.RankBasis);
            Add("tier", row.Tier);
            Add("status", row.Status);
            Add("metric", row.Metric);
            Add("note", row.Note);
            Add("quote", row.Quote);
            Add("source_publisher", row.Source?.Publisher);
            Add("source_title", row.Source?.Title);
            Add("source_url", row.Source?.Url);
            Add("source_date", row.Source?.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
            Add("source_kind", row.Source?.Kind);
            foreach (var (code, value) in row.Components ?? new Dictionary<string, JsonElement>())
            {
                Add(code.ToLowerInvariant(), value.ValueKind switch
                {
                    JsonValueKind.String => value.GetString(),
                    JsonValueKind.Null => "",
                    _ => value.GetRawText(),
                });
            }
            rows.Add(new TableRow(i + 1, cells));
        }
        var options = new ImportOptions(
            json.Year ?? query.Year, json.Edition ?? query.Edition, json.Cohort ?? query.Cohort, json.Geography ?? query.Geography,
            json.DryRun || query.DryRun, json.Source is null ? query.Source : json.Source with
            {
                Publisher = json.Source.Publisher ?? query.Source?.Publisher,
                Title = json.Source.Title ?? query.Source?.Title,
                Url = json.Source.Url ?? query.Source?.Url,
                Date = json.Source.Date ?? query.Source?.Date,
                Kind = json.Source.Kind ?? query.Source?.Kind,
            });
        return (options, new ParsedTable(columns, rows));
    }

    private static ImportRejectedException Rejected(int row, string column, string? value, string reason) =>
        new([new ImportError { Row = row, Column = column, Value = value, Reason = reason }]);
}
