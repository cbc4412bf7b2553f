using System.Globalization;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Persistence.Entities;

namespace IndexHub.Api.Persistence.Loading;

/// <summary>
/// A source as a file row names it: a URL, or a citation where there is none; its kind (by who runs the site), and
/// the publisher and carrier where the file says so.
/// </summary>
public sealed record SourceRef(
    string? Url, string? Citation, string File, SourceKind? Kind = null, string? Publisher = null, string? Carrier = null, string? Title = null, DateOnly? Date = null)
{
    public string Key => Url ?? Citation ?? File;

    /// <summary>The kind given, else read off the address: the index publishers' own sites, other government portals (.gov.vn), the press.</summary>
    public SourceKind KindOrClassified => Kind ?? SourceKinds.Classify(Url, Citation);
}

/// <summary>Which kind of source an address is, for the shipped files whose rows name only a URL or a citation.</summary>
public static class SourceKinds
{
    private static readonly string[] PublisherHosts = ["pcivietnam.vn", "pcivietnam.org", "papi.org.vn", "dti.gov.vn", "moha.gov.vn", "caicachhanhchinh.gov.vn"];
    private static readonly string[] SecondaryHosts = ["huggingface.co", "github.com", "kaggle.com"];

    public static SourceKind Classify(string? url, string? citation)
    {
        if (url is not null && Uri.TryCreate(url, UriKind.Absolute, out var uri))
        {
            var host = uri.Host.ToLowerInvariant();
            bool On(string domain) => host == domain || host.EndsWith("." + domain, StringComparison.Ordinal);
            return PublisherHosts.Any(On) ? SourceKind.Publisher
                : SecondaryHosts.Any(On) ? SourceKind.Secondary
                : host.EndsWith(".gov.vn", StringComparison.Ordinal) ? SourceKind.Official
                : SourceKind.Press;
        }
        return citation is not null && (citation.Contains("Cổng", StringComparison.Ordinal) || citation.Contains("gov.vn", StringComparison.OrdinalIgnoreCase))
            ? SourceKind.Official
            : SourceKind.Press;
    }
}

/// <summary>The unit a row is about: a province by code or by any spelling, or a unit of a province's own cohort.</summary>
public sealed record UnitRef(string? Code, string? Name, string? OwnerCode = null);

public sealed record ComponentValue(decimal? Score, ValueStatus Status, int? Rank = null);

/// <summary>Where a row came from, for the load report.</summary>
public sealed record RowOrigin(string File, int Line)
{
    public override string ToString() => $"{File}:{Line}";
}

public sealed record ResultRecord(
    RowOrigin Origin,
    string IndexCode,
    int Year,
    UnitRef Unit,
    string? CohortCode,
    decimal? Score,
    ValueStatus Status,
    int? Rank,
    string? Tier,
    IReadOnlyDictionary<string, ComponentValue> Components,
    SourceRef Source,
    string Metric,
    string? Note,
    string? Quote = null,
    RankBasis? RankBasis = null);

public sealed record StatisticRecord(
    RowOrigin Origin, string IndexCode, int Year, StatisticScope Scope, string? RegionName, string? CohortCode, UnitRef? Owner,
    string Metric, decimal Value, int? Rank, SourceRef Source, string? Note);

public sealed record FactRecord(
    RowOrigin Origin, string IndexCode, int Year, UnitRef Unit, PublishedFactKind Kind, int? ComparedToYear, int? Places, string Text, SourceRef Source);

public sealed record SkippedRow(RowOrigin Origin, string Reason);

/// <summary>Every figure in the shipped data files, read but not yet matched to units and editions.</summary>
public sealed record ResultsData(
    IReadOnlyList<ResultRecord> Results,
    IReadOnlyList<StatisticRecord> Statistics,
    IReadOnlyList<FactRecord> Facts,
    IReadOnlyList<SkippedRow> Skipped,
    int RowsRead);

/// <summary>
/// Reads the shipped result files: PAPI 2011-2024, PCI tables, datapoints.csv, seed_facts.csv and
/// Hà Nội's internal PAR. Complete tables come first, so their figures lead where sources agree;
/// every source's figure is kept. Pure: files in, records out.
/// </summary>
public static class ResultsSource
{
    private const string PapiPublisher = "CECODES, RTA and UNDP (papi.org.vn)";
    private const string PapiRepository = "https://github.com/hnks-gh/ml-mcdm/blob/d165721ef5b79e96a1f9daa013612eef57d31734/data/csv/";
    private static readonly string[] PciComponents =
        ["entry_costs", "land_access", "transparency", "time_costs", "informal_charges", "policy_bias", "proactivity", "business_support", "labor_training", "legal_institutions"];
    private static readonly Dictionary<string, string> DtiPillars = new(StringComparer.Ordinal)
    {
        ["CQS"] = "digital_government", ["KTS"] = "digital_economy", ["XHS"] = "digital_society",
    };

    public static ResultsData Read(string dataDirectory)
    {
        var builder = new Builder();
        for (var year = 2018; ; year++)
        {
            var file = $"papi/papi_{year}.csv";
            if (!File.Exists(Path.Combine(dataDirectory, file)))
            {
                break;
            }
            ReadPapiYear(builder, dataDirectory, file, year);
        }
        var perYearFrom = 2018;
        ReadPapiLong(builder, dataDirectory, perYearFrom);
        ReadPci2020(builder, dataDirectory);
        ReadPciTimeseries(builder, dataDirectory);
        ReadPciTopN(builder, dataDirectory);
        ReadPci2022Top10(builder, dataDirectory);
        ReadDatapoints(builder, dataDirectory);
        ReadSeedFacts(builder, dataDirectory);
        ReadHanoiInternal(builder, dataDirectory);
        PublishedTables.Read(builder.Sink, dataDirectory);
        PressRows.Read(builder.Sink, dataDirectory);
        return builder.Build();
    }

    private sealed class Builder
    {
        public List<ResultRecord> Results { get; } = [];
        public List<StatisticRecord> Statistics { get; } = [];
        public List<FactRecord> Facts { get; } = [];
        public List<SkippedRow> Skipped { get; } = [];
        public int RowsRead { get; set; }

        public ResultsData Build() => new(Results, Statistics, Facts, Skipped, RowsRead);

        public RecordSink Sink => new(Results, Statistics, Facts, Skipped, n => RowsRead += n);
    }

    private static IEnumerable<(RowOrigin Origin, IReadOnlyDictionary<string, string> Row)> Rows(Builder builder, string dataDirectory, string file)
    {
        var rows = GeographySource.ReadCsv(Path.Combine(dataDirectory, file));
        builder.RowsRead += rows.Count;
        // Line 1 is the header.
        return rows.Select((row, i) => (new RowOrigin(file, i + 2), row));
    }

    private static void ReadPapiYear(Builder builder, string dataDirectory, string file, int year)
    {
        // The figures are the publisher's sub-dimension scores; the compiled repository carries them.
        var source = new SourceRef(PapiRepository + $"{year}.csv", null, file, SourceKind.Publisher, PapiPublisher, PapiRepository + $"{year}.csv",
            Title: $"PAPI {year}: the provinces' sub-dimension scores (The {year} PAPI Report)");
        foreach (var (origin, row) in Rows(builder, dataDirectory, file))
        {
            var components = row.Keys
                .Where(k => k.StartsWith("SC", StringComparison.Ordinal) || (k.Length > 2 && k[0] == 'd' && char.IsAsciiDigit(k[1]) && k[2] == '_'))
                .ToDictionary(k => k, k => Value(row[k]), StringComparer.Ordinal);
            var score = Decimal(row["score"]);
            builder.Results.Add(new ResultRecord(
                origin, "PAPI", year, new UnitRef(row["province_code"], null), null, score,
                score is null ? ValueStatus.NotPublished : ValueStatus.Published, Int(row["rank"]), null, components, source, "score",
                "Total, dimensions and rank computed by the source from PAPI's published sub-dimensions."));
        }
    }

    private static void ReadPapiLong(Builder builder, string dataDirectory, int perYearFrom)
    {
        const string file = "papi/papi_2011_2024_dimensions_long.csv";
        var source = new SourceRef(PapiRepository.Replace("/blob/", "/tree/", StringComparison.Ordinal), null, file, SourceKind.Publisher, PapiPublisher,
            PapiRepository.Replace("/blob/", "/tree/", StringComparison.Ordinal), Title: "PAPI 2011-2017: the provinces' dimension scores (the PAPI Reports of those years)");
        foreach (var (origin, row) in Rows(builder, dataDirectory, file))
        {
            var year = int.Parse(row["year"], CultureInfo.InvariantCulture);
            if (year >= perYearFrom)
            {
                builder.Skipped.Add(new SkippedRow(origin, $"years from {perYearFrom} are held with their sub-dimensions from papi/papi_YYYY.csv"));
                continue;
            }
            var dimensions = int.Parse(row["n_dimensions"], CultureInfo.InvariantCulture);
            var components = row.Keys
                .Where(k => k.Length > 2 && k[0] == 'd' && char.IsAsciiDigit(k[1]) && k[2] == '_' && k[1] - '0' <= dimensions)
                .ToDictionary(k => k, k => Value(row[k]), StringComparer.Ordinal);
            var score = Decimal(row["score"]);
            builder.Results.Add(new ResultRecord(
                origin, "PAPI", year, new UnitRef(row["province_code"], null), null, score,
                score is null ? ValueStatus.NotPublished : ValueStatus.Published, Int(row["rank"]), null, components, source, "score",
                "Total and rank computed by the source from PAPI's published dimension scores."));
        }
    }

    private static void ReadPci2020(Builder builder, string dataDirectory)
    {
        const string file = "pci/pci_2020.csv";
        var source = new SourceRef("https://pcivietnam.vn/bang-xep-hang?cpi_cat_id=PCI_Score&region_id=0&year=2020", null, file, SourceKind.Publisher, "VCCI");
        foreach (var (origin, row) in Rows(builder, dataDirectory, file))
        {
            builder.Results.Add(Simple(origin, "PCI", 2020, row["province_name"], Decimal(row["score"]), Int(row["rank"]), null, source, "score", null));
        }
    }

    private static void ReadPciTimeseries(Builder builder, string dataDirectory)
    {
        const string file = "pci/pci_province_timeseries_partial.csv";
        foreach (var (origin, row) in Rows(builder, dataDirectory, file))
        {
            var components = PciComponents.ToDictionary(c => c, c => Value(row[c]), StringComparer.Ordinal);
            var score = Decimal(row["score"]);
            builder.Results.Add(new ResultRecord(
                origin, "PCI", int.Parse(row["year"], CultureInfo.InvariantCulture), new UnitRef(null, row["province_name"]), null, score,
                Status(score), Int(row["rank"]), null, components, new SourceRef(row["source_url"], null, file), "score", null));
        }
    }

    private static void ReadPciTopN(Builder builder, string dataDirectory)
    {
        const string file = "pci/pci_topN_history.csv";
        foreach (var (origin, row) in Rows(builder, dataDirectory, file))
        {
            builder.Results.Add(Simple(origin, "PCI", int.Parse(row["year"], CultureInfo.InvariantCulture), row["province_name"],
                Decimal(row["score"]), Int(row["rank"]), Blank(row["tier"]), new SourceRef(row["source_url"], null, file), "score", null));
        }
    }

    private static void ReadPci2022Top10(Builder builder, string dataDirectory)
    {
        const string file = "pci/pci_2022_top10.csv";
        var source = new SourceRef("https://investinquangninh.vn/vi/pci", null, file);
        foreach (var (origin, row) in Rows(builder, dataDirectory, file))
        {
            builder.Results.Add(Simple(origin, "PCI", 2022, row["province_name"], Decimal(row["score"]), Int(row["rank"]), Blank(row["tier"]), source, "score", null));
        }
    }

    private static void ReadDatapoints(Builder builder, string dataDirectory)
    {
        const string file = "datapoints.csv";
        foreach (var (origin, row) in Rows(builder, dataDirectory, file))
        {
            var index = row["index"];
            var year = int.Parse(row["year"], CultureInfo.InvariantCulture);
            var name = row["province_name"];
            var metric = row["metric"];
            var note = Blank(row["note"]);
            var source = new SourceRef(row["source_url"], null, file);
            var value = Decimal(row["value"]);
            var rank = Int(row["rank"]);

            if (index.EndsWith("_region", StringComparison.Ordinal))
            {
                builder.Statistics.Add(new StatisticRecord(origin, index[..^"_region".Length], year, StatisticScope.Region, name, null, null, metric, value!.Value, rank, source, note));
                continue;
            }
            if (name is "(national)" or "(provincial mean)")
            {
                var scope = name == "(national)" ? StatisticScope.National : StatisticScope.Cohort;
                builder.Statistics.Add(new StatisticRecord(origin, index, year, scope, null, null, null, metric, value!.Value, rank, source, note));
                continue;
            }
            var status = metric == "rank_only" ? ValueStatus.NotInSource : Status(value);
            if (value is null && rank is null && metric != "rank_only")
            {
                // "no record (technical problems)": the publisher printed nothing for the province.
                status = ValueStatus.NotPublished;
            }
            builder.Results.Add(new ResultRecord(origin, index, year, new UnitRef(null, name), null, value, status, rank, null,
                PillarsFromNote(index, note), source, metric, note));
            AddFactsFromNote(builder, origin, index, year, new UnitRef(null, name), note, source);
        }
    }

    private static void ReadSeedFacts(Builder builder, string dataDirectory)
    {
        const string file = "seed_facts.csv";
        foreach (var (origin, row) in Rows(builder, dataDirectory, file))
        {
            var index = row["index"];
            var year = int.Parse(row["year"], CultureInfo.InvariantCulture);
            var unit = new UnitRef(null, row["province_name"]);
            var note = Blank(row["note"]);
            var source = new SourceRef(null, row["source"], file);
            if (row["metric"] == "rank_change")
            {
                if (!AddFactsFromNote(builder, origin, index, year, unit, note, source))
                {
                    builder.Skipped.Add(new SkippedRow(origin, $"rank change not stated in a form that can be read: '{note}'"));
                }
                continue;
            }
            var value = Decimal(row["value"]);
            var status = row["metric"] == "rank_only" ? ValueStatus.NotInSource : Status(value);
            builder.Results.Add(new ResultRecord(origin, index, year, unit, null, value, status, Int(row["rank"]), null,
                new Dictionary<string, ComponentValue>(), source, row["metric"], note));
            AddFactsFromNote(builder, origin, index, year, unit, note, source);
        }
    }

    private static void ReadHanoiInternal(Builder builder, string dataDirectory)
    {
        const string file = "hanoi_par_internal.csv";
        var source = new SourceRef(null, "Tuổi trẻ Thủ đô, 20/02/2024: Hà Nội's PAR index of its departments and districts, 2022-2023", file);
        var owner = new UnitRef("01", null);
        foreach (var (origin, row) in Rows(builder, dataDirectory, file))
        {
            var year = int.Parse(row["year"], CultureInfo.InvariantCulture);
            var cohort = "01-" + row["cohort"];
            var value = Decimal(row["score_pct"]);
            var note = Blank(row["note"]);
            if (row["unit_type"] == "mean")
            {
                builder.Statistics.Add(new StatisticRecord(origin, "PAR", year, StatisticScope.Cohort, null, cohort, owner, "mean_pct", value!.Value, null, source, note));
                continue;
            }
            builder.Results.Add(new ResultRecord(origin, "PAR", year, new UnitRef(null, row["unit_name"], "01"), cohort, value, Status(value),
                Int(row["rank"]), null, new Dictionary<string, ComponentValue>(), source, "score_pct", note));
        }
    }

    private static ResultRecord Simple(RowOrigin origin, string index, int year, string name, decimal? score, int? rank, string? tier, SourceRef source, string metric, string? note) =>
        new(origin, index, year, new UnitRef(null, name), null, score, Status(score), rank, tier, new Dictionary<string, ComponentValue>(), source, metric, note);

    /// <summary>Keeps what a note states as a fact of its own; true when it stated something readable.</summary>
    private static bool AddFactsFromNote(Builder builder, RowOrigin origin, string index, int year, UnitRef unit, string? note, SourceRef source)
    {
        var found = false;
        if (PublishedStatements.RankChange(note, year) is { } change)
        {
            builder.Facts.Add(new FactRecord(origin, index, change.Year, unit, PublishedFactKind.RankChange, change.ComparedToYear, change.Places, note!, source));
            found = true;
        }
        if (PublishedStatements.AllComponentsAboveNationalMean(note))
        {
            builder.Facts.Add(new FactRecord(origin, index, year, unit, PublishedFactKind.AllComponentsAboveNationalMean, null, null, note!, source));
            found = true;
        }
        return found;
    }

    /// <summary>DTI notes give pillar scores and ranks: "pillars: CQS 0.6683 (29); ..." or "pillar ranks CQS 5; KTS 8; XHS 5".</summary>
    private static Dictionary<string, ComponentValue> PillarsFromNote(string index, string? note)
    {
        var pillars = new Dictionary<string, ComponentValue>(StringComparer.Ordinal);
        if (index != "DTI" || note is null)
        {
            return pillars;
        }
        var ranksOnly = note.StartsWith("pillar ranks", StringComparison.Ordinal);
        var body = note[(note.IndexOf(' ', StringComparison.Ordinal) + 1)..].Replace("ranks ", "", StringComparison.Ordinal).TrimStart(':', ' ');
        foreach (var part in body.Split(';', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries))
        {
            var words = part.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (words.Length < 2 || !DtiPillars.TryGetValue(words[0], out var component))
            {
                continue;
            }
            if (ranksOnly)
            {
                pillars[component] = new ComponentValue(null, ValueStatus.NotInSource, Int(words[1]));
            }
            else if (words.Length == 3)
            {
                pillars[component] = new ComponentValue(Decimal(words[1]), ValueStatus.Published, Int(words[2].Trim('(', ')')));
            }
        }
        return pillars;
    }

    private static ComponentValue Value(string text) => text.Trim() switch
    {
        "N/A" => new ComponentValue(null, ValueStatus.NotApplicable),
        var t => Decimal(t) is { } d ? new ComponentValue(d, ValueStatus.Published) : new ComponentValue(null, ValueStatus.NotPublished),
    };

    private static ValueStatus Status(decimal? score) => score is null ? ValueStatus.NotPublished : ValueStatus.Published;

    private static string? Blank(string text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private static decimal? Decimal(string text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;

    private static int? Int(string text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;
}
