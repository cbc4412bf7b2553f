using IndexHub.Api.Domain.Results;

namespace IndexHub.UnitTests.Results;

public sealed class RankingTests
{
    [Fact]
    public void Ties_share_a_rank_and_the_next_rank_skips()
    {
        var ranks = Ranking.Competition([("a", 90m), ("b", 85.42m), ("c", 85.42m), ("d", 80m)], higherIsBetter: true);
        Assert.Equal([1, 2, 2, 4], new[] { "a", "b", "c", "d" }.Select(k => ranks[k]).ToArray());
    }

    [Fact]
    public void Lower_is_better_reverses_the_order()
    {
        var ranks = Ranking.Competition([("a", 3m), ("b", 1m), ("c", 2m)], higherIsBetter: false);
        Assert.Equal([3, 1, 2], new[] { "a", "b", "c" }.Select(k => ranks[k]).ToArray());
    }

    [Fact]
    public void Equal_values_written_with_different_precision_are_a_tie()
    {
        var ranks = Ranking.Competition([("a", 85.42m), ("b", 85.420m)], higherIsBetter: true);
        Assert.Equal(ranks["a"], ranks["b"]);
    }

    [Theory]
    [InlineData(1, 63, 100)]
    [InlineData(63, 63, 0)]
    [InlineData(33, 63, 48.4)]
    public void Percentile_is_the_share_ranked_below(int rank, int size, decimal percentile) =>
        Assert.Equal(percentile, Ranking.Percentile(rank, size));

    [Theory]
    [InlineData(null, 63)]
    [InlineData(5, null)]
    [InlineData(65, 64)]
    [InlineData(1, 1)]
    public void Percentile_is_absent_where_it_cannot_be_said(int? rank, int? size) => Assert.Null(Ranking.Percentile(rank, size));
}

public sealed class SummaryTests
{
    [Fact]
    public void Mean_and_median_keep_the_scores_precision()
    {
        var summary = Summary.Of([1.1m, 2.2m, 3.3m, 4.4m])!;
        Assert.Equal(2.8m, summary.Mean);
        Assert.Equal(2.8m, summary.Median);
        Assert.Equal((1.1m, 4.4m, 4), (summary.Min, summary.Max, summary.Count));
    }

    [Fact]
    public void Median_of_an_odd_count_is_the_middle_value() => Assert.Equal(5m, Summary.Of([9m, 1m, 5m])!.Median);

    [Fact]
    public void No_values_no_summary() => Assert.Null(Summary.Of([]));

    [Theory]
    [InlineData("86.97", 2)]
    [InlineData("0.8002", 4)]
    [InlineData("100", 0)]
    public void Scale_is_the_digits_written(string value, int scale) =>
        Assert.Equal(scale, Summary.Scale(decimal.Parse(value, System.Globalization.CultureInfo.InvariantCulture)));

    [Theory]
    [InlineData("45.78", "45.7812", true)]
    [InlineData("91.87", "91.81", false)]
    [InlineData("46.0415", "46.0414", false)]
    [InlineData("86.97", "86.970", true)]
    public void Reports_agree_at_the_precision_of_the_less_precise(string a, string b, bool agree) =>
        Assert.Equal(agree, Agreement.Agree(
            decimal.Parse(a, System.Globalization.CultureInfo.InvariantCulture), decimal.Parse(b, System.Globalization.CultureInfo.InvariantCulture)));
}

public sealed class PublishedStatementsTests
{
    [Theory]
    [InlineData("down 7 places on 2021", 2022, 2022, 2021, -7)]
    [InlineData("down 13 places on 2021", 2022, 2022, 2021, -13)]
    [InlineData("up 25 places from 51 in 2021", 2022, 2022, 2021, 25)]
    [InlineData("up 7 places and +3.4 percentage points on 2022", 2023, 2023, 2022, 7)]
    [InlineData("rank not stated (fell 7 places vs 2020)", 2021, 2021, 2020, -7)]
    [InlineData("down 8 places vs 2022", 2023, 2023, 2022, -8)]
    [InlineData("2023 rank is 10 places above 2021 (so 2021 rank 43)", 2021, 2023, 2021, 10)]
    public void Rank_changes_are_read_as_stated(string note, int rowYear, int year, int since, int places) =>
        Assert.Equal(new StatedRankChange(year, since, places), PublishedStatements.RankChange(note, rowYear));

    [Theory]
    [InlineData(null)]
    [InlineData("rounded; order of listing")]
    [InlineData("pillar ranks CQS 5; KTS 8; XHS 5")]
    [InlineData("2022: 86.62")]
    public void Other_notes_state_no_rank_change(string? note) => Assert.Null(PublishedStatements.RankChange(note, 2023));

    [Theory]
    [InlineData("all 8 areas above national average", true)]
    [InlineData("rank out of 63; all 8 fields above the national average", true)]
    [InlineData("above average", false)]
    public void All_components_above_the_mean_is_recognised(string note, bool stated) =>
        Assert.Equal(stated, PublishedStatements.AllComponentsAboveNationalMean(note));

    [Fact]
    public void Comparability_breaks_on_edition_then_cohort()
    {
        Assert.Equal((true, null), Comparability.Check("PAPI-2018", "PAPI-2018", "provinces-63", "provinces-63"));
        Assert.False(Comparability.Check("PAPI-2011", "PAPI-2018", "provinces-63", "provinces-63").Comparable);
        var (comparable, reason) = Comparability.Check("DTI-2020", "DTI-2020", "provinces-63", "provinces-34");
        Assert.False(comparable);
        Assert.Contains("provinces-34", reason, StringComparison.Ordinal);
    }
}
