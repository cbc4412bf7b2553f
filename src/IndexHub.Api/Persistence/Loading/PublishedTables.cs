using System.Globalization;
using IndexHub.Api.Domain.Results;

namespace IndexHub.Api.Persistence.Loading;

/// <summary>Where the shipped readers put what they read, and how many rows they read.</summary>
public sealed class RecordSink(
    List<ResultRecord> results, List<StatisticRecord> statistics, List<FactRecord> facts, List<SkippedRow> skipped, Action<int> countRows)
{
    public List<ResultRecord> Results { get; } = results;
    public List<StatisticRecord> Statistics { get; } = statistics;
    public List<FactRecord> Facts { get; } = facts;
    public List<SkippedRow> Skipped { get; } = skipped;

    public IEnumerable<(RowOrigin Origin, IReadOnlyDictionary<string, string> Row)> Rows(string dataDirectory, string file)
    {
        var rows = GeographySource.ReadCsv(Path.Combine(dataDirectory, file));
        countRows(rows.Count);
        // Line 1 is the header.
        return rows.Select((row, i) => (new RowOrigin(file, i + 2), row));
    }

    public static decimal? Decimal(string? text) =>
        decimal.TryParse(text, NumberStyles.Number, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static int? Int(string? text) =>
        int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : null;

    public static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}

/// <summary>
/// The tables copied from the publishers' own pages (data/tables/): DTI 2022 (63 published ranks, scores and the 8
/// sub-indices for the top 5), PCI 2021 ranks 1-21 and PCI 2019's 22 rows with their sub-indices and tiers, and two
/// tables of the PAPI reports, which state again figures held from the compiled repository: a second, official
/// source for them. A partial table states only what it shows: a blank cell states nothing.
/// </summary>
public static class PublishedTables
{
    private const string PapiPublisher = "CECODES, RTA and UNDP (papi.org.vn)";

    private static readonly string[] PciComponents =
        ["entry_costs", "land_access", "transparency", "time_costs", "informal_charges", "policy_bias", "proactivity", "business_support", "labor_training", "legal_institutions"];

    /// <summary>The DTI 2022 table's columns, as the catalogue's sub-indices.</summary>
    public static readonly IReadOnlyDictionary<string, string> DtiColumns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["nhan_thuc_so"] = "digital_awareness", ["the_che_so"] = "digital_institutions", ["ha_tang_so"] = "digital_infrastructure",
        ["nhan_luc_so"] = "digital_workforce", ["an_toan_thong_tin_mang"] = "cyber_security",
        ["hoat_dong_chinh_quyen_so"] = "digital_government_activity", ["hoat_dong_kinh_te_so"] = "digital_economy_activity",
        ["hoat_dong_xa_hoi_so"] = "digital_society_activity",
    };

    /// <summary>The PAPI report tables' columns, as the catalogue's dimensions and sub-dimensions.</summary>
    public static readonly IReadOnlyDictionary<string, string> PapiColumns = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["d1_participation_at_local_levels"] = "d1_participation",
        ["d1_1_civic_knowledge"] = "SC11_civic_knowledge",
        ["d1_2_opportunities_for_participation"] = "SC12_opportunities_for_participation_in_elections",
        ["d1_3_quality_of_elections"] = "SC13_quality_of_village_head_elections",
        ["d1_4_voluntary_contributions"] = "SC14_voluntary_contributions",
        ["d6_public_service_delivery"] = "d6_public_service_delivery",
        ["d6_1_public_health"] = "SC61_public_healthcare",
        ["d6_2_public_primary_education"] = "SC62_primary_education",
        ["d6_3_basic_infrastructure"] = "SC63_basic_infrastructure",
        ["d6_4_law_and_order"] = "SC64_law_and_order",
    };

    public static void Read(RecordSink sink, string dataDirectory)
    {
        if (!Directory.Exists(Path.Combine(dataDirectory, "tables")))
        {
            return;
        }
        ReadDti2022(sink, dataDirectory);
        ReadPci(sink, dataDirectory, "tables/pci_2021_partial.csv", 2021,
            new SourceRef("https://www.pcivietnam.vn/bang-chi-so-cac-tinh-thanh-viet-nam", null, "tables/pci_2021_partial.csv", SourceKind.Publisher, "VCCI",
                Title: "Bảng chỉ số PCI (PCI 2021: the page states no year; Quảng Ninh 73.02 dates it)"));
        ReadPci(sink, dataDirectory, "tables/pci_2019_partial.csv", 2019,
            new SourceRef("https://pcivietnam.vn/en/pci-subindices-of-63-provincescities", null, "tables/pci_2019_partial.csv", SourceKind.Publisher, "VCCI",
                Title: "PCI Subindices of 63 provinces/cities (PCI 2019)"));
        ReadPapi(sink, dataDirectory, "tables/papi_2023_public_service_delivery_partial.csv", 2023,
            "https://fliphtml5.com/vfkvv/ipje/2023_PAPI_REPORT/103", "The 2023 PAPI Report, Table 3.6: Public Service Delivery (dimension 6)");
        ReadPapi(sink, dataDirectory, "tables/papi_2019_participation_partial.csv", 2019,
            "https://fliphtml5.com/vfkvv/ojja/THE_2019_PAPI_REPORT_ENG/67", "The 2019 PAPI Report, Table 3.1: Participation at Local Levels (dimension 1)");
    }

    private static void ReadDti2022(RecordSink sink, string dataDirectory)
    {
        const string file = "tables/dti_2022.csv";
        var source = new SourceRef("https://dti.gov.vn/xep-hang-2022", null, file, SourceKind.Publisher, "Bộ Thông tin và Truyền thông (MIC)",
            Title: "BÁO CÁO XẾP HẠNG Đánh giá mức độ chuyển đổi số năm 2022");
        foreach (var (origin, row) in sink.Rows(dataDirectory, file))
        {
            var score = RecordSink.Decimal(row["score"]);
            var components = DtiColumns
                .Where(c => RecordSink.Decimal(row[c.Key]) is not null)
                .ToDictionary(c => c.Value, c => new ComponentValue(RecordSink.Decimal(row[c.Key]), ValueStatus.Published), StringComparer.Ordinal);
            // Ranks 6-63 are printed without their scores: the score exists but is not in this table.
            sink.Results.Add(new ResultRecord(origin, "DTI", 2022, new UnitRef(null, row["province_name"]), null, score,
                score is null ? ValueStatus.NotInSource : ValueStatus.Published, RecordSink.Int(row["rank"]), null, components, source, "score", null));
        }
    }

    private static void ReadPci(RecordSink sink, string dataDirectory, string file, int year, SourceRef source)
    {
        foreach (var (origin, row) in sink.Rows(dataDirectory, file))
        {
            var score = RecordSink.Decimal(row["score"]);
            var components = PciComponents
                .Where(c => RecordSink.Blank(row[c]) is not null)
                .ToDictionary(c => c, c => RecordSink.Decimal(row[c]) is { } value
                    ? new ComponentValue(value, ValueStatus.Published)
                    : new ComponentValue(null, ValueStatus.NotApplicable), StringComparer.Ordinal);
            var status = score is not null ? ValueStatus.Published
                : row["score"].Trim() == "N/A" ? ValueStatus.NotApplicable : ValueStatus.NotInSource;
            sink.Results.Add(new ResultRecord(origin, "PCI", year, new UnitRef(null, row["province_name"]), null, score, status,
                RecordSink.Int(row["rank"]), RecordSink.Blank(row["tier"]), components, source, "score",
                score is null && row["score"].Trim() == "N/A" ? "shown as N/A in VCCI's table" : null));
        }
    }

    private static void ReadPapi(RecordSink sink, string dataDirectory, string file, int year, string url, string title)
    {
        var source = new SourceRef(url, null, file, SourceKind.Publisher, PapiPublisher, Title: title);
        foreach (var (origin, row) in sink.Rows(dataDirectory, file))
        {
            var components = PapiColumns
                .Where(c => row.ContainsKey(c.Key))
                .ToDictionary(c => c.Value, c => row[c.Key].Trim() == "*"
                    ? new ComponentValue(null, ValueStatus.NotPublished)
                    : new ComponentValue(RecordSink.Decimal(row[c.Key]), ValueStatus.Published), StringComparer.Ordinal);
            // The report table states the dimension and its sub-dimensions, not the total: no score, no rank.
            sink.Results.Add(new ResultRecord(origin, "PAPI", year, new UnitRef(null, row["province_name"]), null, null, ValueStatus.NotInSource,
                null, null, components, source, "report_table",
                components.Values.Any(v => v.Status == ValueStatus.NotPublished) ? "'*' in the report: no data" : null));
        }
    }
}
