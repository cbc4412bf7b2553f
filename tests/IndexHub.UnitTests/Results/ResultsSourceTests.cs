using IndexHub.Api.Domain.Results;
using IndexHub.Api.Persistence.Entities;
using IndexHub.Api.Persistence.Loading;
using IndexHub.UnitTests.Geography;

namespace IndexHub.UnitTests.Results;

public sealed class ResultsSourceTests
{
    private static readonly ResultsData Data = ResultsSource.Read(ShippedGeography.DataDirectory);

    [Fact]
    public void Papi_is_read_for_every_year_2011_to_2024_with_63_rows_each()
    {
        var papi = Data.Results.Where(r => r.IndexCode == "PAPI" && r.Source.File.StartsWith("papi/", StringComparison.Ordinal)).ToList();
        Assert.Equal(Enumerable.Range(2011, 14), papi.Select(r => r.Year).Distinct().Order());
        Assert.All(papi.GroupBy(r => r.Year), g => Assert.Equal(63, g.Count()));
    }

    [Fact]
    public void A_blank_is_not_published_never_zero()
    {
        var quangNinh2023 = Data.Results.Single(r => r.IndexCode == "PAPI" && r.Year == 2023 && r.Unit.Code == "22" && r.Source.File == "papi/papi_2023.csv");
        Assert.Null(quangNinh2023.Score);
        Assert.Equal(ValueStatus.NotPublished, quangNinh2023.Status);
        Assert.All(quangNinh2023.Components.Values, c => Assert.Equal(ValueStatus.NotPublished, c.Status));
    }

    [Fact]
    public void Pci_policy_bias_before_2013_is_not_applicable()
    {
        var bacGiang2012 = Data.Results.Single(r => r.IndexCode == "PCI" && r.Year == 2012 && r.Unit.Name == "Bắc Giang");
        Assert.Equal(ValueStatus.NotApplicable, bacGiang2012.Components["policy_bias"].Status);
        Assert.Equal(8.95m, bacGiang2012.Components["entry_costs"].Score);
    }

    [Fact]
    public void Rank_changes_without_ranks_become_facts_not_numbers()
    {
        var pci = Data.Facts.Single(f => f.IndexCode == "PCI" && f.Unit.Name == "Cần Thơ");
        Assert.Equal((2022, 2021, -7, PublishedFactKind.RankChange), (pci.Year, pci.ComparedToYear!.Value, pci.Places!.Value, pci.Kind));
        // 19th in 2022 would be arithmetic on the 2021 table's 12th: no row states it.
        Assert.DoesNotContain(Data.Results, r => r.IndexCode == "PCI" && r.Unit.Name == "Cần Thơ" && r.Year == 2022);
    }

    [Fact]
    public void Both_sources_of_a_conflicting_figure_are_read()
    {
        var haiPhong = Data.Results.Where(r => r.IndexCode == "PAR" && r.Year == 2023 && r.Unit.Name == "Hải Phòng").Select(r => r.Score).ToList();
        // datapoints.csv's two sources, then the press file's baochinhphu.vn report, which agrees with the first.
        Assert.Equal([91.87m, 91.81m, 91.87m], haiPhong);
    }

    [Fact]
    public void Published_statistics_are_kept_apart()
    {
        Assert.Contains(Data.Statistics, s => s.IndexCode == "PAPI" && s.Year == 2023 && s.Scope == StatisticScope.National && s.Value == 42.3265m);
        Assert.Equal(6, Data.Statistics.Count(s => s.IndexCode == "PAR" && s.Year == 2023 && s.Scope == StatisticScope.Region && s.Source.File == "datapoints.csv"));
        // The 2024 report states four 2023 means again, three of them differently: kept beside the first set.
        Assert.Equal(4, Data.Statistics.Count(s => s.IndexCode == "PAR" && s.Year == 2023 && s.Scope == StatisticScope.Region && s.Source.File == "press/par_regional_2024.csv"));
        Assert.Contains(Data.Statistics, s => s.CohortCode == "01-departments" && s.Year == 2023 && s.Value == 88.46m);
    }

    [Fact]
    public void Dti_pillars_in_notes_are_read_as_components()
    {
        var traVinh = Data.Results.Single(r => r.IndexCode == "DTI" && r.Year == 2022 && r.Unit.Name == "Trà Vinh" && r.Source.File == "datapoints.csv");
        Assert.Equal(new ComponentValue(0.6683m, ValueStatus.Published, 29), traVinh.Components["digital_government"]);
        var thanhHoa = Data.Results.Single(r => r.IndexCode == "DTI" && r.Year == 2023 && r.Unit.Name == "Thanh Hóa");
        Assert.Equal(new ComponentValue(null, ValueStatus.NotInSource, 8), thanhHoa.Components["digital_economy"]);
    }

    [Fact]
    public void Skipped_rows_say_why()
    {
        Assert.All(Data.Skipped, s => Assert.False(string.IsNullOrWhiteSpace(s.Reason)));
        Assert.Equal(7 * 63, Data.Skipped.Count(s => s.Origin.File == "papi/papi_2011_2024_dimensions_long.csv"));
    }
}
