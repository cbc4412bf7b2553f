using IndexHub.Api.Domain.Geography;

namespace IndexHub.UnitTests.Geography;

public sealed class VietnameseNamesTests
{
    [Theory]
    [InlineData("Hòa Bình", "hoa binh")]
    [InlineData("Hoà Bình", "hoa binh")]
    [InlineData("Thừa Thiên - Huế", "thua thien hue")]
    [InlineData("TT-Huế", "tt hue")]
    [InlineData("TP.HCM", "hcm")]
    [InlineData("TP. Hồ Chí Minh", "ho chi minh")]
    [InlineData("Thành phố Hồ Chí Minh", "ho chi minh")]
    [InlineData("Tỉnh Đắk Lắk", "dak lak")]
    [InlineData("  BÀ RỊA–VŨNG TÀU ", "ba ria vung tau")]
    [InlineData("Đồng bằng sông Cửu Long", "dong bang song cuu long")]
    public void Match_key_ignores_diacritics_case_punctuation_and_prefix(string name, string key) =>
        Assert.Equal(key, VietnameseNames.MatchKey(name));

    [Fact]
    public void Tone_mark_placements_and_unicode_forms_fold_alike()
    {
        var composed = "Hòa Bình".Normalize(System.Text.NormalizationForm.FormC);
        var decomposed = "Hòa Bình".Normalize(System.Text.NormalizationForm.FormD);
        Assert.Equal(VietnameseNames.MatchKey(composed), VietnameseNames.MatchKey(decomposed));
        Assert.Equal(VietnameseNames.MatchKey("Hoà Bình"), VietnameseNames.MatchKey(decomposed));
    }

    [Fact]
    public void A_prefix_alone_is_kept_rather_than_emptied() => Assert.Equal("tinh", VietnameseNames.MatchKey("Tỉnh"));

    [Theory]
    [InlineData("Bà Rịa - Vũng Tàu", "Ba Ria - Vung Tau")]
    [InlineData("Đà Nẵng", "Da Nang")]
    public void Ascii_keeps_case_and_punctuation(string name, string ascii) => Assert.Equal(ascii, VietnameseNames.ToAscii(name));

    [Theory]
    [InlineData("Tỉnh Tuyên Quang", "Tuyên Quang")]
    [InlineData("Thành phố Cần Thơ", "Cần Thơ")]
    [InlineData("Hà Nội", "Hà Nội")]
    public void Short_name_drops_the_administrative_prefix(string full, string shortName) =>
        Assert.Equal(shortName, VietnameseNames.ShortName(full));
}
