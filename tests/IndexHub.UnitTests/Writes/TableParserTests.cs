using System.Text;
using IndexHub.Api.Features.Writes;

namespace IndexHub.UnitTests.Writes;

public sealed class TableParserTests
{
    [Fact]
    public void A_row_with_more_cells_than_the_header_is_an_error_naming_the_row_and_the_decimal_comma()
    {
        var rejected = Assert.Throws<ImportRejectedException>(() => TableParser.ReadCsv("unit,score\nSở Nội vụ,88,52\nSở Tài chính,93.89\nSở Y tế\n", 100));
        Assert.Equal(2, rejected.Errors.Count);
        Assert.Contains(rejected.Errors, e => e.Row == 1 && e.Reason.Contains("decimal comma", StringComparison.Ordinal));
        Assert.Contains(rejected.Errors, e => e.Row == 3 && e.Reason.Contains("1 cells but the header has 2", StringComparison.Ordinal));
    }

    [Fact]
    public void A_quoted_decimal_comma_is_one_cell()
    {
        var table = TableParser.ReadCsv("unit,score\n\"Sở Nội vụ\",\"88,52\"\n", 100);
        Assert.Equal("88,52", table.Rows[0].Cells["score"]);
    }

    [Theory]
    [InlineData("utf-8-bom")]
    [InlineData("utf-16")]
    [InlineData("windows-1258")]
    [InlineData("utf-8")]
    public void Vietnamese_text_reads_the_same_from_every_encoding_a_spreadsheet_saves(string encoding)
    {
        const string text = "unit,score\nHà Nội,59.2\nThừa Thiên Huế,60\n";
        byte[] bytes = encoding switch
        {
            "utf-8-bom" => [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(text)],
            "utf-16" => [0xFF, 0xFE, .. Encoding.Unicode.GetBytes(text)],
            // Windows-1258 writes ộ as ô with a combining dot below, ế as ê with a combining acute, ừ as ư with a combining grave.
            "windows-1258" => [.. "unit,score\nH"u8.ToArray(), 0xE0, 0x20, 0x4E, 0xF4, 0xF2, 0x69, .. ",59.2\nTh"u8.ToArray(), 0xFD, 0xCC,
                .. "a Thi"u8.ToArray(), 0xEA, 0x6E, 0x20, 0x48, 0x75, 0xEA, 0xEC, .. ",60\n"u8.ToArray()],
            _ => Encoding.UTF8.GetBytes(text),
        };
        Assert.Equal(text, TableParser.Decode(bytes, null));
    }

    [Fact]
    public void An_unknown_charset_is_refused_by_name()
    {
        var rejected = Assert.Throws<ImportRejectedException>(() => TableParser.Decode("a"u8.ToArray(), "klingon"));
        Assert.Equal("charset", rejected.Errors[0].Column);
    }
}
