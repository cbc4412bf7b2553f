using System.Globalization;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Persistence.Loading;
using IndexHub.UnitTests.Geography;

namespace IndexHub.UnitTests.Results;

/// <summary>
/// The shipped figures held against the rows they come from: every score is in its row's quote or in its source table's
/// row, every published rank is one a source printed as a number, and what the sources say is not a figure stays out.
/// </summary>
public sealed class ShippedDataHonestyTests
{
    private static readonly ResultsData Data = ResultsSource.Read(ShippedGeography.DataDirectory);
    private static readonly Dictionary<string, List<IReadOnlyDictionary<string, string>>> Files = new(StringComparer.Ordinal);

    private static IReadOnlyDictionary<string, string> RowOf(RowOrigin origin)
    {
        if (!Files.TryGetValue(origin.File, out var rows))
        {
            Files[origin.File] = rows = GeographySource.ReadCsv(Path.Combine(ShippedGeography.DataDirectory, origin.File));
        }
        return rows[origin.Line - 2];
    }

    /// <summary>The ways a quote may print a figure: 92.18, 92,18, 72.1 for 72.10.</summary>
    private static bool Quotes(string quote, decimal value)
    {
        var text = value.ToString(CultureInfo.InvariantCulture);
        var trimmed = text.Contains('.', StringComparison.Ordinal) ? text.TrimEnd('0').TrimEnd('.') : text;
        return new[] { text, text.Replace('.', ','), trimmed, trimmed.Replace('.', ',') }.Any(f => quote.Contains(f, StringComparison.Ordinal));
    }

    private static bool InRow(IReadOnlyDictionary<string, string> row, decimal value) =>
        row.Values.Any(cell => decimal.TryParse(cell, NumberStyles.Number, CultureInfo.InvariantCulture, out var d) && d == value)
        || row.Values.Any(cell => Quotes(cell, value));

    [Fact]
    public void Every_shipped_score_appears_in_its_rows_quote_or_source_table()
    {
        var checkedScores = 0;
        foreach (var record in Data.Results)
        {
            var row = RowOf(record.Origin);
            var scores = record.Components.Values.Select(c => c.Score).Prepend(record.Score).OfType<decimal>();
            foreach (var score in scores)
            {
                checkedScores++;
                Assert.True(record.Quote is not null ? Quotes(record.Quote, score) : InRow(row, score),
                    $"{record.Origin}: {score} is not in {(record.Quote is not null ? "its quote" : "its row")}");
            }
        }
        Assert.True(checkedScores > 10_000);
        Assert.All(Data.Statistics, s => Assert.True(InRow(RowOf(s.Origin), s.Value), $"{s.Origin}: statistic {s.Value} is not in its row"));
    }

    [Fact]
    public void Every_published_rank_came_from_a_rank_printed_as_a_number()
    {
        foreach (var record in Data.Results.Where(r => r.Rank is not null))
        {
            var row = RowOf(record.Origin);
            if (!row.TryGetValue("rank_basis", out var basis))
            {
                continue; // a table: its ranks are the publisher's column
            }
            var stated = basis.Trim();
            if ((record.RankBasis ?? RankBasis.Explicit) == RankBasis.Explicit)
            {
                Assert.True(stated.StartsWith("explicit", StringComparison.Ordinal), $"{record.Origin}: rank {record.Rank} stored as published, but its basis is '{stated}'");
            }
            else
            {
                Assert.True(stated.StartsWith("listing_order", StringComparison.Ordinal) || stated.StartsWith("score_order", StringComparison.Ordinal),
                    $"{record.Origin}: '{stated}'");
            }
        }
    }

    [Theory]
    [InlineData("top10_member")]
    [InlineData("bottom_two_unordered")]
    [InlineData("bottom_five_unordered")]
    [InlineData("top5_listed")]
    [InlineData("headline")]
    [InlineData("derived")]
    public void A_group_membership_or_a_derivation_is_never_a_rank(string basis)
    {
        Assert.DoesNotContain(Data.Results, r => r.Rank is not null && RowOf(r.Origin).TryGetValue("rank_basis", out var b) && b.StartsWith(basis, StringComparison.Ordinal));
    }

    [Fact]
    public void The_derived_sipas_rank_is_kept_as_the_change_its_source_states()
    {
        Assert.DoesNotContain(Data.Results, r => r.IndexCode == "SIPAS" && r.Year == 2023 && r.Unit.Name == "Cần Thơ");
        var change = Assert.Single(Data.Facts, f => f.IndexCode == "SIPAS" && f.Unit.Name == "Cần Thơ" && f.Year == 2024);
        Assert.Equal((2023, -11), (change.ComparedToYear, change.Places));
    }

    [Fact]
    public void Can_tho_own_satisfaction_survey_is_not_read_as_sipas()
    {
        Assert.DoesNotContain(Data.Results, r => r.Score == 95.44m);
        Assert.DoesNotContain(Data.Statistics, s => s.Value == 95.44m);
        Assert.Contains(Data.Skipped, s => s.Origin.File == "press/cantho_2017_2024.csv" && s.Reason.Contains("not SIPAS", StringComparison.Ordinal));
    }

    [Fact]
    public void Quang_ninh_pci_2023_informal_charges_has_a_rank_and_no_score()
    {
        var stated = Data.Results.Where(r => r.IndexCode == "PCI" && r.Year == 2023 && r.Unit.Name == "Quảng Ninh")
            .SelectMany(r => r.Components).ToLookup(c => c.Key, c => c.Value);
        Assert.Equal(new ComponentValue(7.72m, ValueStatus.Published, 2), Assert.Single(stated["business_support"]));
        Assert.Equal(new ComponentValue(null, ValueStatus.NotInSource, 3), Assert.Single(stated["informal_charges"]));
        Assert.DoesNotContain(File.ReadLines(Path.Combine(ShippedGeography.DataDirectory, "datapoints.csv")), l => l.Contains("Informal charges 7.72", StringComparison.Ordinal));
    }

    [Fact]
    public void The_compiled_dti_2020_set_is_secondary()
    {
        var rows = Data.Results.Where(r => r.Source.File == "press/dti_2020_secondary.csv").ToList();
        Assert.Equal(9, rows.Count);
        Assert.All(rows, r => Assert.Equal(SourceKind.Secondary, r.Source.KindOrClassified));
    }

    [Fact]
    public void Papi_figures_name_the_publisher_and_the_report_with_the_repository_as_carrier()
    {
        Assert.All(Data.Results.Where(r => r.IndexCode == "PAPI" && r.Source.File.StartsWith("papi/", StringComparison.Ordinal)), r =>
        {
            Assert.Equal("CECODES, RTA and UNDP (papi.org.vn)", r.Source.Publisher);
            Assert.Contains("PAPI", r.Source.Title, StringComparison.Ordinal);
            Assert.Contains("github.com/hnks-gh/ml-mcdm", r.Source.Carrier, StringComparison.Ordinal);
        });
    }
}
