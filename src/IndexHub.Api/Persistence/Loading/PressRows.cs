using System.Globalization;
using System.Text.RegularExpressions;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Persistence.Entities;

namespace IndexHub.Api.Persistence.Loading;

/// <summary>
/// The figures gathered from news reports, government portals and VCCI's province profiles (data/press/). Each row is
/// what its source states, with the passage that states it as the statement's quote. <c>rank_basis</c> decides what a
/// rank is: only <c>explicit</c> is a published rank; <c>listing_order</c> and <c>score_order_in_published_top10</c>
/// are an order stated without numbers, kept with that basis; a group membership ("bottom five, unordered") states no
/// place at all, so it is kept in the statement's note; a <c>derived</c> rank is kept as the change its source states.
/// </summary>
public static partial class PressRows
{
    private static readonly HashSet<string> Indices = new(StringComparer.Ordinal) { "PAR", "SIPAS", "PCI", "PAPI", "DTI", "DDCI" };

    private static readonly string[] PciComponents =
        ["entry_costs", "land_access", "transparency", "time_costs", "informal_charges", "policy_bias", "proactivity", "business_support", "labor_training", "legal_institutions"];

    /// <summary>The basis of a stated rank, or null where the row states no place (a group, a derivation, nothing).</summary>
    public static RankBasis? Basis(string? text)
    {
        var basis = (text ?? "").Trim();
        return basis.StartsWith("explicit", StringComparison.Ordinal) ? RankBasis.Explicit
            : basis.StartsWith("listing_order", StringComparison.Ordinal) ? RankBasis.ListingOrder
            : basis.StartsWith("score_order_in_published_top10", StringComparison.Ordinal) ? RankBasis.ScoreOrderInPublishedTop10
            : null;
    }

    public static void Read(RecordSink sink, string dataDirectory)
    {
        var folder = Path.Combine(dataDirectory, "press");
        if (!Directory.Exists(folder))
        {
            return;
        }
        foreach (var path in Directory.GetFiles(folder, "*.csv").Order(StringComparer.Ordinal))
        {
            var file = "press/" + Path.GetFileName(path);
            switch (Path.GetFileName(path))
            {
                case "pci_profiles_long.csv": ReadProfiles(sink, dataDirectory, file); break;
                case "pci_subindices_news.csv": ReadSubindices(sink, dataDirectory, file); break;
                case "ddci.csv": DdciRows.Read(sink, dataDirectory, file); break;
                default: ReadRows(sink, dataDirectory, file); break;
            }
        }
    }

    /// <summary>A row's source: its URL, title and date; the compiled data set is secondary whatever its address.</summary>
    public static SourceRef Source(IReadOnlyDictionary<string, string> row, string file)
    {
        var date = RecordSink.Blank(row.GetValueOrDefault("source_date"));
        DateOnly? day = DateOnly.TryParseExact(date, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d) ? d : null;
        var title = RecordSink.Blank(row.GetValueOrDefault("source_title"));
        if (title is not null && date is not null && day is null)
        {
            title = $"{title} ({date})";
        }
        var secondary = file.Contains("secondary", StringComparison.Ordinal) || (row.GetValueOrDefault("rank_basis") ?? "").Contains("(secondary)", StringComparison.Ordinal);
        return new SourceRef(row["source_url"], null, file, secondary ? SourceKind.Secondary : null, Title: title, Date: day);
    }

    /// <summary>What a row says beyond its figures: a place it states without a number, and its own note.</summary>
    public static string? Note(IReadOnlyDictionary<string, string> row, RankBasis? basis)
    {
        var note = RecordSink.Blank(row.GetValueOrDefault("note"));
        var stated = RecordSink.Blank(row.GetValueOrDefault("rank_basis"));
        var rank = RecordSink.Blank(row.GetValueOrDefault("rank"));
        if (basis is null && stated is not null)
        {
            var place = rank is null ? stated : $"{stated}; position {rank} is not a published rank";
            return note is null ? place : $"{place}. {note}";
        }
        return note;
    }

    private static void ReadRows(RecordSink sink, string dataDirectory, string file)
    {
        foreach (var (origin, row) in sink.Rows(dataDirectory, file))
        {
            var year = int.Parse(row["year"], CultureInfo.InvariantCulture);
            var index = row["index"].Trim();
            var name = row["province"].Trim();
            var score = RecordSink.Decimal(row["score"]);
            var quote = RecordSink.Blank(row["quote"]);
            var source = Source(row, file);
            var basis = Basis(row["rank_basis"]);
            var rank = basis is null ? null : RecordSink.Int(row["rank"]);

            if (index == "PAR_region")
            {
                sink.Statistics.Add(new StatisticRecord(origin, "PAR", year, StatisticScope.Region, name, null, null, "regional_mean_pct", score!.Value, rank, source,
                    RecordSink.Blank(row["note"])));
                // The report states the previous year's mean beside this year's: a second source for it, kept beside the first.
                foreach (Match earlier in RegionalEarlier().Matches(quote ?? ""))
                {
                    sink.Statistics.Add(new StatisticRecord(origin, "PAR", int.Parse(earlier.Groups["year"].Value, CultureInfo.InvariantCulture), StatisticScope.Region,
                        name, null, null, "regional_mean_pct", Number(earlier.Groups["value"].Value), null, source,
                        $"stated in the {year} report as the {earlier.Groups["year"].Value} mean. {RecordSink.Blank(row["note"])}".Trim()));
                }
                continue;
            }
            if (!Indices.Contains(index))
            {
                sink.Skipped.Add(new SkippedRow(origin, $"'{index}' is not one of the indices IndexHub holds (a city's own satisfaction survey is not SIPAS)"));
                continue;
            }
            if (name.StartsWith('('))
            {
                var metric = index == "PAPI" ? "mean_total" : "mean_pct";
                sink.Statistics.Add(new StatisticRecord(origin, index, year, StatisticScope.National, null, null, null, metric, score!.Value, null, source, RecordSink.Blank(row["note"])));
                foreach (Match earlier in NationalEarlier().Matches(quote ?? ""))
                {
                    var other = int.Parse(earlier.Groups["year"].Value, CultureInfo.InvariantCulture);
                    if (other != year)
                    {
                        sink.Statistics.Add(new StatisticRecord(origin, index, other, StatisticScope.National, null, null, null, metric, Number(earlier.Groups["value"].Value),
                            null, source, $"stated in the same passage as the {year} mean"));
                    }
                }
                continue;
            }
            var unit = new UnitRef(null, name);
            if ((row["rank_basis"] ?? "").StartsWith("derived", StringComparison.Ordinal))
            {
                // "down 11 places": the change is what the source states; the earlier rank is arithmetic on it.
                if (Derived().Match(row["rank_basis"]) is { Success: true } derived)
                {
                    var statedYear = int.Parse(derived.Groups["year"].Value, CultureInfo.InvariantCulture);
                    var places = int.Parse(derived.Groups["places"].Value, CultureInfo.InvariantCulture);
                    sink.Facts.Add(new FactRecord(origin, index, statedYear, unit, PublishedFactKind.RankChange, year, -places,
                        $"down {places} places on {year} ({quote})", source));
                }
                else
                {
                    sink.Skipped.Add(new SkippedRow(origin, $"a derived rank whose stated change cannot be read: '{row["rank_basis"]}'"));
                }
                continue;
            }
            var status = score is not null ? ValueStatus.Published : ValueStatus.NotInSource;
            sink.Results.Add(new ResultRecord(origin, index, year, unit, null, score, status, rank, null, new Dictionary<string, ComponentValue>(), source,
                score is null ? "rank_only" : index is "PAR" or "SIPAS" ? "score_pct" : "score", Note(row, basis), quote, basis));
        }
    }

    /// <summary>VCCI's province profiles: the score, rank and 10 sub-indices of each year, verbatim ('N/A': not ranked or measured).</summary>
    private static void ReadProfiles(RecordSink sink, string dataDirectory, string file)
    {
        foreach (var (origin, row) in sink.Rows(dataDirectory, file))
        {
            var year = int.Parse(row["year"], CultureInfo.InvariantCulture);
            var components = PciComponents.Where(c => row.ContainsKey(c) && RecordSink.Blank(row[c]) is not null)
                .ToDictionary(c => c, c => RecordSink.Decimal(row[c]) is { } v ? new ComponentValue(v, ValueStatus.Published) : new ComponentValue(null, ValueStatus.NotApplicable),
                    StringComparer.Ordinal);
            var score = RecordSink.Decimal(row["score"]);
            var province = row["province"].Trim();
            var source = new SourceRef(row["source_url"], null, file, SourceKind.Publisher, "VCCI", Title: $"PCI of provinces: {province} (VCCI province profile)");
            sink.Results.Add(new ResultRecord(origin, "PCI", year, new UnitRef(null, province), null, score,
                score is not null ? ValueStatus.Published : row["score"].Trim() == "N/A" ? ValueStatus.NotApplicable : ValueStatus.NotInSource,
                RecordSink.Int(row["rank"]), null, components, source, "score", null, null, RecordSink.Int(row["rank"]) is null ? null : RankBasis.Explicit));
        }
    }

    /// <summary>Sub-index scores and ranks from news: one row per sub-index, gathered into one statement per source and result.</summary>
    private static void ReadSubindices(RecordSink sink, string dataDirectory, string file)
    {
        foreach (var (origin, row) in sink.Rows(dataDirectory, file))
        {
            var year = int.Parse(row["year"], CultureInfo.InvariantCulture);
            var component = row["subindex"].Split(' ')[0].Trim();
            var score = RecordSink.Decimal(row["score"]);
            var basis = Basis(row["rank_basis"]);
            var rank = basis == RankBasis.Explicit ? RecordSink.Int(row["rank"]) : null;
            var components = new Dictionary<string, ComponentValue>(StringComparer.Ordinal)
            {
                [component] = new ComponentValue(score, score is null ? ValueStatus.NotInSource : ValueStatus.Published, rank),
            };
            var note = RecordSink.Blank(row["note"]);
            sink.Results.Add(new ResultRecord(origin, "PCI", year, new UnitRef(null, row["province_only"].Trim()), null, null, ValueStatus.NotInSource, null, null,
                components, Source(row, file), "subindices", note is null ? null : $"{component}: {note}", RecordSink.Blank(row["quote"])));
        }
    }

    private static decimal Number(string text) => decimal.Parse(text.Replace(',', '.'), NumberStyles.Number, CultureInfo.InvariantCulture);

    // "cao hơn 1.85% so với năm 2023 (88.32%)"
    [GeneratedRegex(@"năm (?<year>20\d{2}) \((?<value>\d+[.,]\d+)%\)")]
    private static partial Regex RegionalEarlier();

    // "(năm 2018 là 43,78 điểm; năm 2019 được 43,61 điểm)"
    [GeneratedRegex(@"năm (?<year>20\d{2}) (?:là|được|đạt) (?<value>\d+[.,]\d+) điểm")]
    private static partial Regex NationalEarlier();

    // "derived: 2024 rank 34 + 11 places"
    [GeneratedRegex(@"derived: (?<year>20\d{2}) rank \d+ \+ (?<places>\d+) places")]
    private static partial Regex Derived();
}
