using IndexHub.Api.Domain.Geography;

namespace IndexHub.UnitTests.Geography;

public sealed class NameMatcherTests
{
    private static readonly NameMatcher Matcher = ShippedGeography.Matcher();
    private static readonly DateOnly Before = new(2024, 6, 1);
    private static readonly DateOnly After = new(2025, 7, 1);

    [Theory]
    [InlineData("TP.HCM", "79")]
    [InlineData("TP. Hồ Chí Minh", "79")]
    [InlineData("Ho Chi Minh City", "79")]
    [InlineData("Hồ Chí Minh", "79")]
    [InlineData("HCMC", "79")]
    [InlineData("ho chi minh", "79")]
    [InlineData("TT-Huế", "46")]
    [InlineData("Thừa Thiên - Huế", "46")]
    [InlineData("Thừa Thiên Huế", "46")]
    [InlineData("Huế", "46")]
    [InlineData("BRVT", "77")]
    [InlineData("Bà Rịa - Vũng Tàu", "77")]
    [InlineData("Ba Ria-Vung Tau", "77")]
    [InlineData("Hoà Bình", "17")]
    [InlineData("Hòa Bình", "17")]
    [InlineData("Thanh Hoá", "38")]
    [InlineData("Hanoi", "01")]
    [InlineData("TP. Hải Phòng", "31")]
    [InlineData("Đắc Lắk", "66")]
    [InlineData("Tỉnh Bắc Ninh", "27")]
    public void Every_spelling_finds_the_province_before_the_merger(string name, string code)
    {
        var match = Matcher.Match(name, Before);
        Assert.Equal(NameMatchOutcome.Matched, match.Outcome);
        Assert.Equal(code, match.Unit!.Code);
    }

    [Theory]
    [InlineData("TP.HCM", "79")]
    [InlineData("Ho Chi Minh City", "79")]
    [InlineData("Bắc Ninh", "24")]
    [InlineData("Cần Thơ", "92")]
    [InlineData("TT-Huế", "46")]
    public void After_the_merger_a_name_finds_the_new_province(string name, string code)
    {
        var match = Matcher.Match(name, After);
        Assert.Equal(NameMatchOutcome.Matched, match.Outcome);
        Assert.Equal(code, match.Unit!.Code);
        Assert.True(match.Unit.Validity.Contains(After));
    }

    [Fact]
    public void A_name_borne_by_two_units_is_ambiguous_without_a_date_never_guessed()
    {
        var match = Matcher.Match("Bắc Ninh", asOf: null);
        Assert.Equal(NameMatchOutcome.Ambiguous, match.Outcome);
        Assert.Null(match.Unit);
        Assert.Equal(["24", "27"], match.Candidates.Select(c => c.Code).Order().ToArray());
    }

    [Fact]
    public void A_dissolved_province_is_found_in_its_own_time_only()
    {
        Assert.Equal("28", Matcher.Match("Hà Tây", new DateOnly(2007, 12, 31)).Unit?.Code);
        Assert.Equal(NameMatchOutcome.NotFound, Matcher.Match("Hà Tây", After).Outcome);
        Assert.Equal(NameMatchOutcome.NotFound, Matcher.Match("Hậu Giang", After).Outcome);
    }

    [Theory]
    [InlineData("Atlantis")]
    [InlineData("")]
    [InlineData("---")]
    public void An_unknown_name_is_not_found(string name) =>
        Assert.Equal(NameMatchOutcome.NotFound, Matcher.Match(name, Before).Outcome);
}
