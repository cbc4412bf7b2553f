using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Features.Provinces;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Persistence.Entities;

namespace IndexHub.UnitTests.Writes;

/// <summary>The validator over a small catalogue: PCI (provinces) and PAR with Hà Nội's own departments.</summary>
public sealed class TableValidatorTests
{
    private static readonly ReferenceCatalogue Catalogue = Build();

    private static ReferenceCatalogue Build()
    {
        UnitEntry Unit(int id, string code, string name, UnitType type, int? parent = null) =>
            new(id, code, name, type, null, null, parent, null, null, [new OfficialNameRead(name, null, null)]);
        var units = new Dictionary<int, UnitEntry>
        {
            [1] = Unit(1, "01", "Hà Nội", UnitType.Municipality),
            [2] = Unit(2, "79", "Hồ Chí Minh", UnitType.Municipality),
            [3] = Unit(3, "01-so-noi-vu", "Sở Nội vụ", UnitType.Department, 1),
            [4] = Unit(4, "01-quan-dong-da", "quận Đống Đa", UnitType.District, 1),
        };
        ProvinceEntry Province(UnitEntry u, params string[] aliases) => new(
            new UnitRow
            {
                Id = u.Id, Code = u.Code, Type = u.Type, Name = u.Name, FullName = u.Name, NameAscii = VietnameseNames.ToAscii(u.Name), Source = "test",
                Names = [new UnitNameRow { Kind = UnitNameKind.Official, Value = u.Name }, .. aliases.Select(a => new UnitNameRow { Kind = UnitNameKind.Alias, Value = a })],
            },
            null, [VietnameseNames.MatchKey(u.Name), .. aliases.Select(VietnameseNames.MatchKey)]);
        return new ReferenceCatalogue
        {
            Version = 1,
            Indices = [new IndexInfo(1, "PCI", "Provincial Competitiveness Index", true, "Chỉ số năng lực cạnh tranh cấp tỉnh"), new IndexInfo(2, "PAR", "PAR Index", true, "Chỉ số cải cách hành chính")],
            Rules = new Dictionary<int, IndexRules>
            {
                [1] = new(1, "PCI", "PCI", 0, 100, new HashSet<UnitType> { UnitType.Province, UnitType.Municipality }),
                [2] = new(2, "PAR", "PAR", 0, 100, new HashSet<UnitType> { UnitType.Province, UnitType.Municipality, UnitType.Department, UnitType.District }),
            },
            Editions = new Dictionary<int, EditionEntry>
            {
                [1] = new(1, 1, "PCI-2021", "PCI since 2021", 2021, null, null),
                [2] = new(2, 2, "PAR-2022", "PAR 2022 framework", 2022, null, null),
                [3] = new(3, 2, "PAR-HN", "Hà Nội's PAR", null, null, 1),
            },
            Components = new Dictionary<int, ComponentEntry> { [10] = new(10, 1, null, "entry_costs", "Gia nhập thị trường", "Entry costs", 1, 0, 10) },
            Tiers = new Dictionary<int, TierEntry> { [20] = new(20, "very-good", "Rất tốt", "Very good", 1, 1) },
            Cohorts = new Dictionary<int, CohortEntry>
            {
                [1] = new(1, "provinces-2", "The 2 provinces", CohortKind.Provinces, 2, null),
                [2] = new(2, "01-departments", "Hà Nội's departments", CohortKind.Departments, null, 1),
            },
            Regions = [],
            RegionsById = new Dictionary<int, Api.Features.Regions.RegionDto>(),
            Sources = new Dictionary<int, SourceDto> { [5] = new() { Url = "https://example.org/held", File = "import", Kind = SourceKind.Press } },
            SourcesByKey = new Dictionary<string, SourceEntry> { ["https://example.org/held"] = new(5, "https://example.org/held", SourceKind.Press) },
            Units = units,
            Provinces = [Province(units[1]), Province(units[2], "TP.HCM")],
            UnitMatchKeys = units.Values.SelectMany(u => new[] { (u.Id, VietnameseNames.MatchKey(u.Name)) }).ToLookup(p => p.Id, p => p.Item2),
            Lineage = [],
            GeographyOverrides = new Dictionary<(int, int), DateOnly>(),
            Coverage = [],
            ComputedStatistics = Array.Empty<ComputedStatistic>().ToLookup(s => (s.EditionId, s.CohortId, s.Year)),
            PublishedStatistics = Array.Empty<PublishedStatisticEntry>().ToLookup(s => (s.EditionId, s.Year)),
            FactsByUnit = Array.Empty<PublishedFactDto>().ToLookup(_ => 0),
        };
    }

    private static ParsedTable Csv(string text) => TableParser.ReadCsv(text, 100);

    private static ImportOptions Options(int year = 2021, string? cohort = null, string? url = "https://example.org/t", string? kind = "press", string? edition = null) =>
        new(year, edition, cohort, null, false, new SourceInput(null, null, url, null, kind));

    [Fact]
    public void A_valid_table_states_only_its_cells()
    {
        var table = TableValidator.Validate("pci", Options(), Csv("unit,score,rank,entry_costs,tier\nTP.HCM,67.89,,7.1,Rất tốt\nHà Nội,,2,,\n"), Catalogue)!;
        Assert.Equal(("PCI-2021", "provinces-2"), (table.Edition.Code, table.Cohort.Code));
        var hcm = table.Rows.Single(r => r.Unit.Code == "79").Statement;
        Assert.Equal((67.89m, (int?)null, 20), (hcm.Score, hcm.Rank, hcm.TierId!.Value));
        Assert.Equal(7.1m, hcm.Components[10].Score);
        var hanoi = table.Rows.Single(r => r.Unit.Code == "01").Statement;
        Assert.Equal(((decimal?)null, (ValueStatus?)null, 2), (hanoi.Score, hanoi.Status, hanoi.Rank!.Value));
        Assert.Empty(hanoi.Components);
    }

    [Fact]
    public void A_provinces_own_cohort_implies_its_own_edition_and_takes_units_by_code_or_name()
    {
        var table = TableValidator.Validate("PAR", Options(2023, "01-departments"), Csv("unit,score\n01-so-noi-vu,94.25\n"), Catalogue)!;
        Assert.Equal("PAR-HN", table.Edition.Code);
        Assert.Equal(3, table.Rows.Single().Unit.Id);
        var rejected = Assert.Throws<ImportRejectedException>(() =>
            TableValidator.Validate("PAR", Options(2023, "01-departments", edition: "PAR-2022"), Csv("unit,score\nSở Nội vụ,94.25\n"), Catalogue));
        Assert.Contains(rejected.Errors, e => e.Column == "edition");
        var outside = Assert.Throws<ImportRejectedException>(() =>
            TableValidator.Validate("PAR", Options(2023, "01-departments"), Csv("unit,score\nHà Nội,1\nquận Đống Đa,2\n"), Catalogue));
        Assert.Contains(outside.Errors, e => e.Row == 1 && e.Reason.StartsWith("unknown unit", StringComparison.Ordinal));
        Assert.Contains(outside.Errors, e => e.Row == 2 && e.Reason.StartsWith("unit outside the cohort", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("javascript:alert(1)", "press", "source_url")]
    [InlineData("ftp://example.org/t", "press", "source_url")]
    [InlineData("https://example.org/t", null, "source_kind")]
    [InlineData("https://example.org/t", "blog", "source_kind")]
    [InlineData("https://example.org/held", "publisher", "source_kind")]
    public void A_source_is_an_http_address_of_a_known_kind_and_keeps_its_kind(string url, string? kind, string column)
    {
        var rejected = Assert.Throws<ImportRejectedException>(() => TableValidator.Validate("PCI", Options(url: url, kind: kind), Csv("unit,score\n01,60\n"), Catalogue));
        Assert.Contains(rejected.Errors, e => e.Column == column);
    }

    [Fact]
    public void Every_problem_of_a_table_is_listed_at_once()
    {
        var rejected = Assert.Throws<ImportRejectedException>(() => TableValidator.Validate("PCI", Options(),
            Csv("unit,score,rank,status,bogus\nAtlantis,60,1,,\n01,160,2,,\n01,60,x,,\n79,,3,published,\n79,55,,withheld,\n"), Catalogue));
        var reasons = rejected.Errors.Select(e => (e.Row, e.Column)).ToList();
        Assert.Contains((0, "bogus"), reasons);
        Assert.Contains((1, "unit"), reasons);
        Assert.Contains((2, "score"), reasons);
        Assert.Contains((3, "unit"), reasons);
        Assert.Contains((3, "rank"), reasons);
        Assert.Contains((4, "status"), reasons);
        Assert.Contains((5, "status"), reasons);
    }

    [Fact]
    public void A_row_for_the_nation_states_a_published_statistic()
    {
        var table = TableValidator.Validate("PCI", Options(), Csv("unit,metric,score\nnational,median,60.62\n79,,67.89\n"), Catalogue)!;
        var statistic = Assert.Single(table.Statistics);
        Assert.Equal((StatisticScope.National, "median", 60.62m), (statistic.Scope, statistic.Metric, statistic.Value));
        Assert.Single(table.Rows);
        var noMetric = Assert.Throws<ImportRejectedException>(() => TableValidator.Validate("PCI", Options(), Csv("unit,score\nnational,60\n"), Catalogue));
        Assert.Contains(noMetric.Errors, e => e.Column == "metric");
    }

    [Fact]
    public void An_unknown_index_is_not_a_table_error_but_a_404()
    {
        Assert.Null(TableValidator.Validate("NOPE", Options(), Csv("unit,score\n01,1\n"), Catalogue));
    }
}
