using IndexHub.Api.Infrastructure;

namespace IndexHub.Api.Features.Results;

/// <summary>
/// What a caller asks a result answer to carry: <c>include=</c> adds the heavy parts (each row's components and
/// sources, the answer's block of names) and <c>fields=</c> keeps only the named properties of each row.
/// Rows always carry codes and figures; names of editions, cohorts, components and tiers come once per answer.
/// </summary>
public sealed record ResultSelection(bool Names, bool Components, bool Sources, IReadOnlySet<string>? Fields)
{
    public const string IncludeDescription =
        "What to add: names (the answer's block naming its indices, editions, cohorts, components and tiers), components (each row's component scores), "
        + "sources (what each source said of each row); comma-separated, or none. Default: names.";

    public const string FieldsDescription =
        "Only these properties of each row (comma-separated; unit is always kept), e.g. score,rank,change. Default: every property. JSON only.";

    public static readonly string[] IncludeValues = ["names", "components", "sources", "none"];

    /// <summary>The properties of a result row, as JSON names them.</summary>
    public static readonly string[] RowFields =
    [
        "unit", "year", "edition", "cohort", "score", "status", "rank", "rankBasis", "publishedRank", "computedRank", "cohortSize", "rankLabel",
        "percentile", "tier", "change", "conflict", "components", "sources",
    ];

    /// <summary>Rows with figures only, the names once: the default of rankings, series and comparisons.</summary>
    public static readonly ResultSelection Default = new(Names: true, Components: false, Sources: false, Fields: null);

    /// <summary>Everything a row holds: one result read or corrected on its own.</summary>
    public static readonly ResultSelection Whole = new(Names: false, Components: true, Sources: true, Fields: null);

    /// <summary>What the rows need read beside their own columns.</summary>
    public ResultParts Parts => (Components ? ResultParts.Components : ResultParts.None) | (Sources ? ResultParts.Sources : ResultParts.None);

    /// <summary>Reads include= and fields=, or says which of the two is wrong and why (400 naming the parameter).</summary>
    public static ResultSelection Parse(string? include, string? fields)
    {
        var errors = new Dictionary<string, string[]>(StringComparer.Ordinal);
        var included = Split(include).Select(i => i.ToLowerInvariant()).ToList();
        var unknownIncluded = included.Where(i => !IncludeValues.Contains(i, StringComparer.Ordinal)).ToList();
        if (unknownIncluded.Count > 0)
        {
            errors["include"] = [$"'{string.Join(",", unknownIncluded)}' cannot be included; include takes {string.Join(", ", IncludeValues)}."];
        }
        else if (included.Contains("none") && included.Count > 1)
        {
            errors["include"] = ["none cannot be combined with other values."];
        }
        // Field names as JSON writes them, in any case.
        var selected = Split(fields).Select(f => RowFields.FirstOrDefault(r => string.Equals(r, f, StringComparison.OrdinalIgnoreCase)) ?? f).ToList();
        var unknownFields = selected.Where(f => !RowFields.Contains(f, StringComparer.Ordinal)).ToList();
        if (unknownFields.Count > 0)
        {
            errors["fields"] = [$"'{string.Join(",", unknownFields)}' is not a property of a result row; fields takes {string.Join(", ", RowFields)}."];
        }
        else if (fields is not null && selected.Count == 0)
        {
            errors["fields"] = ["name at least one property, e.g. score,rank."];
        }
        if (errors.Count > 0)
        {
            throw new RequestValidationException(errors);
        }
        IReadOnlySet<string>? kept = selected.Count == 0 ? null : new HashSet<string>(selected.Append("unit"), StringComparer.Ordinal);
        if (include is null)
        {
            // Asking for a row's components or sources by field is asking for them.
            return Default with { Components = kept?.Contains("components") == true, Sources = kept?.Contains("sources") == true, Fields = kept };
        }
        return new ResultSelection(
            Names: included.Contains("names"),
            Components: included.Contains("components") || kept?.Contains("components") == true,
            Sources: included.Contains("sources") || kept?.Contains("sources") == true,
            Fields: kept);
    }

    private static List<string> Split(string? list) => list is null
        ? []
        : [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(s => s.Trim()).Distinct(StringComparer.Ordinal)];
}
