using System.Globalization;
using System.Text;
using CsvHelper;
using Microsoft.Net.Http.Headers;

namespace IndexHub.Api.Infrastructure;

/// <summary>A table as a CSV download: a file name, one header row, and the rows.</summary>
public sealed record CsvTable(string FileName, IReadOnlyList<string> Header, IEnumerable<IReadOnlyList<object?>> Rows);

/// <summary>Marks an endpoint whose table can be had as CSV (<c>?format=csv</c> or <c>Accept: text/csv</c>).</summary>
public sealed class CsvExportMetadata;

public static class CsvExport
{
    /// <summary>Serves the endpoint's table as CSV when asked; JSON otherwise.</summary>
    public static RouteHandlerBuilder WithCsv<T>(this RouteHandlerBuilder builder, Func<T, CsvTable> toTable) =>
        builder
            .AddEndpointFilter(async (context, next) =>
            {
                var wantsCsv = WantsCsv(context.HttpContext.Request);
                var result = await next(context);
                // Typed unions (Results<Ok<T>, ProblemHttpResult>) wrap the result that carries the value.
                var inner = result is INestedHttpResult nested ? nested.Result : result;
                return wantsCsv && inner is IValueHttpResult { Value: T value } ? new CsvResult(toTable(value)) : result;
            })
            .WithMetadata(new CsvExportMetadata());

    /// <summary>What a result endpoint includes: the caller's include=, or for a CSV download the columns a spreadsheet needs.</summary>
    public static string? IncludeFor(HttpRequest request, string? include, string csvInclude) => WantsCsv(request) ? csvInclude : include;

    public static bool WantsCsv(HttpRequest request)
    {
        var format = request.Query["format"].ToString();
        if (format.Length > 0)
        {
            return format.ToUpperInvariant() switch
            {
                "CSV" => true,
                "JSON" => false,
                _ => throw RequestValidationException.For("format", "must be json or csv."),
            };
        }
        var accept = request.GetTypedHeaders().Accept;
        return accept.Count > 0 && accept.OrderByDescending(a => a.Quality ?? 1).First().MediaType.Equals("text/csv", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// A cell a spreadsheet would run as a formula (=, +, -, @, tab, carriage return) is prefixed with a quote;
    /// numbers, negative ones included, are left as numbers.
    /// </summary>
    public static string Neutralise(string cell) =>
        cell.Length > 0 && cell[0] is '=' or '+' or '-' or '@' or '\t' or '\r'
            && !decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out _)
            ? "'" + cell
            : cell;

    private static string Format(object? value) => value switch
    {
        null => "",
        decimal d => d.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        bool b => b ? "true" : "false",
        DateOnly date => date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture),
        Enum e => System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(e.ToString()),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => Neutralise(value.ToString() ?? ""),
    };

    private sealed class CsvResult(CsvTable table) : IResult
    {
        public async Task ExecuteAsync(HttpContext httpContext)
        {
            httpContext.Response.ContentType = "text/csv; charset=utf-8";
            httpContext.Response.Headers.ContentDisposition = new ContentDispositionHeaderValue("attachment") { FileNameStar = table.FileName }.ToString();
            // UTF-8 with a byte-order mark: spreadsheets then show Vietnamese names correctly.
            await using var writer = new StreamWriter(httpContext.Response.Body, new UTF8Encoding(encoderShouldEmitUTF8Identifier: true), leaveOpen: true);
            await using var csv = new CsvWriter(writer, CultureInfo.InvariantCulture);
            foreach (var name in table.Header)
            {
                csv.WriteField(name);
            }
            await csv.NextRecordAsync();
            foreach (var row in table.Rows)
            {
                foreach (var cell in row)
                {
                    csv.WriteField(Format(cell));
                }
                await csv.NextRecordAsync();
            }
        }
    }
}
