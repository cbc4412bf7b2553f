using CsCheck;
using IndexHub.Api.Domain.Results;

namespace IndexHub.UnitTests.Results;

/// <summary>The merge rules: what a source states replaces its own statement field by field; the result shows the leading source's figure.</summary>
public sealed class MergeRulesTests
{
    private static Statement Says(int source, SourceKind kind, decimal? score = null, int? rank = null, ValueStatus? status = null,
        Dictionary<int, ComponentStatement>? components = null, int order = 0) =>
        new() { SourceId = source, Kind = kind, Order = order, Score = score, Rank = rank, Status = status, Components = components ?? [] };

    [Fact]
    public void A_statement_keeps_what_a_new_one_leaves_unstated()
    {
        var held = Says(1, SourceKind.Press, 46.7428m, 1, components: new() { [10] = new(5.5764m, null, null) });
        var merged = held.With(Says(1, SourceKind.Press, components: new() { [11] = new(6.1m, null, null) }));
        Assert.Equal(46.7428m, merged.Score);
        Assert.Equal(1, merged.Rank);
        Assert.Equal(5.5764m, merged.Components[10].Score);
        Assert.Equal(6.1m, merged.Components[11].Score);
    }

    [Fact]
    public void An_explicit_status_replaces_a_score_and_a_score_replaces_a_status()
    {
        var held = Says(1, SourceKind.Press, 80m);
        var withheld = held.With(Says(1, SourceKind.Press, status: ValueStatus.Withheld));
        Assert.Equal((null, ValueStatus.Withheld), (withheld.Score, withheld.Status));
        var scored = withheld.With(Says(1, SourceKind.Press, 81m));
        Assert.Equal((81m, (ValueStatus?)null), (scored.Score, scored.Status));
    }

    [Fact]
    public void The_publisher_leads_the_official_portal_the_press_and_a_secondary_data_set()
    {
        var chosen = Precedence.Choose([
            Says(4, SourceKind.Secondary, 70m, 9, order: 0),
            Says(3, SourceKind.Press, 71m, order: 1),
            Says(2, SourceKind.Official, 72m, 7, order: 2),
            Says(1, SourceKind.Publisher, rank: 8, order: 3),
        ]);
        Assert.Equal(72m, chosen.Score);
        Assert.Equal(8, chosen.PublishedRank);
        Assert.True(chosen.Conflict);
    }

    [Fact]
    public void A_rank_without_its_score_is_not_in_source_and_not_settled()
    {
        var chosen = Precedence.Choose([Says(1, SourceKind.Publisher, rank: 25)]);
        Assert.Equal((null, ValueStatus.NotInSource, 25), (chosen.Score, chosen.Status, chosen.PublishedRank));
        Assert.False(chosen.Settled);
        Assert.True(Precedence.Choose([Says(1, SourceKind.Publisher, status: ValueStatus.NotPublished)]).Settled);
    }

    [Fact]
    public void A_listing_order_is_never_a_published_rank()
    {
        var listed = Says(1, SourceKind.Press, rank: 4) with { RankBasis = RankBasis.ListingOrder };
        Assert.Null(Precedence.Choose([listed]).PublishedRank);
    }

    [Fact]
    public void Figures_that_agree_at_their_common_precision_are_no_conflict_and_the_more_precise_is_shown()
    {
        var chosen = Precedence.Choose([Says(1, SourceKind.Publisher, 45.78m, order: 0), Says(2, SourceKind.Publisher, 45.7812m, order: 1)]);
        Assert.False(chosen.Conflict);
        Assert.Equal(45.7812m, chosen.Score);
        Assert.True(Precedence.Choose([Says(1, SourceKind.Press, 91.87m), Says(2, SourceKind.Press, 91.81m, order: 1)]).Conflict);
    }

    /// <summary>Property: whatever two sources state, a third statement leaves every figure it does not state as the result showed it.</summary>
    [Fact]
    public void A_statement_never_moves_a_figure_it_does_not_state()
    {
        var figure = Gen.Select(Gen.Int[0, 3], Gen.Int[1000, 9999], (pick, n) => pick == 0 ? (decimal?)null : n / 100m);
        var statement = Gen.Select(Gen.Int[1, 4], figure, Gen.Int[0, 63], figure, Gen.Enum<SourceKind>(),
            (source, score, rank, component, kind) => Says(source, kind, score, rank == 0 ? null : rank,
                components: component is null ? [] : new() { [7] = new(component, null, null) }, order: source));
        Gen.Select(statement.Array[0, 4], statement).Sample((held, incoming) =>
        {
            var bySource = held.GroupBy(s => s.SourceId).Select(g => g.Aggregate((a, b) => a.With(b))).ToList();
            var before = Precedence.Choose(bySource);
            var index = bySource.FindIndex(s => s.SourceId == incoming.SourceId);
            var after = Precedence.Choose(index < 0
                ? [.. bySource, incoming]
                : [.. bySource.Select((s, i) => i == index ? s.With(incoming with { Kind = s.Kind }) : s)]);
            if (incoming.Score is null)
            {
                Assert.Equal((before.Score, before.Status), (after.Score, after.Status));
            }
            if (incoming.Rank is null)
            {
                Assert.Equal(before.PublishedRank, after.PublishedRank);
            }
            if (incoming.Components.Count == 0)
            {
                Assert.Equal(before.Components.GetValueOrDefault(7), after.Components.GetValueOrDefault(7));
            }
        }, iter: 2000);
    }
}

public sealed class CohortDerivationTests
{
    private static CohortRow Row(int id, decimal? score, ValueStatus status = ValueStatus.Published, int? region = null, decimal? component = null) =>
        new(id, id, region, score, score is null && status == ValueStatus.Published ? ValueStatus.NotInSource : status,
            component is null ? [] : [new CohortCell(100 + id, 7, component, ValueStatus.Published)]);

    [Fact]
    public void A_mean_of_five_of_63_is_never_computed_and_the_note_says_why()
    {
        var rows = Enumerable.Range(1, 63).Select(i => Row(i, i <= 5 ? 0.8m - i / 100m : null)).ToList();
        var derived = CohortDerivation.Derive(rows, 63, new Dictionary<int, int>(), higherIsBetter: true);
        Assert.Empty(derived.Ranks);
        Assert.Empty(derived.Statistics);
        Assert.False(derived.Total.Complete);
        Assert.Equal("scores held 5 of 63 (58 rows without their score)", derived.Total.WhyIncomplete);
    }

    [Fact]
    public void Units_stated_to_have_no_score_leave_the_cohort_complete()
    {
        // PAPI 2023: 61 scores, Quảng Ninh and Bình Dương not published.
        var rows = Enumerable.Range(1, 63).Select(i => Row(i, i <= 61 ? 40m + i / 10m : null, i <= 61 ? ValueStatus.Published : ValueStatus.NotPublished)).ToList();
        var derived = CohortDerivation.Derive(rows, 63, new Dictionary<int, int>(), higherIsBetter: true);
        Assert.True(derived.Total.Complete);
        Assert.Equal(61, derived.Statistics.Single(s => s.ComponentId is null && s.RegionId is null).Summary.Count);
        Assert.Equal(1, derived.Ranks[61]);
    }

    [Fact]
    public void Each_component_and_each_region_needs_its_own_complete_figures()
    {
        // Every total held; the component for only three units; region 1 whole, region 2 missing a unit's row.
        var rows = new List<CohortRow>
        {
            Row(1, 80m, region: 1, component: 8m), Row(2, 70m, region: 1, component: 7m), Row(3, 60m, region: 2, component: 6m), Row(4, 50m, region: 2),
        };
        var derived = CohortDerivation.Derive(rows, 4, new Dictionary<int, int> { [1] = 2, [2] = 3 }, higherIsBetter: true);
        Assert.True(derived.Total.Complete);
        Assert.Empty(derived.ComponentRanks);
        Assert.DoesNotContain(derived.Statistics, s => s.ComponentId == 7);
        Assert.Contains(derived.Statistics, s => s.RegionId == 1 && s.Summary.Mean == 75m);
        Assert.DoesNotContain(derived.Statistics, s => s.RegionId == 2);
    }

    /// <summary>Property: over any cohort, a computed figure exists only where every unit's figure is settled.</summary>
    [Fact]
    public void No_computed_figure_over_an_incomplete_cohort()
    {
        var row = Gen.Select(Gen.Int[0, 4], Gen.Int[100, 999], (pick, n) => (Pick: pick, Score: n / 10m));
        Gen.Select(row.Array[1, 12], Gen.Int[1, 12]).Sample((cells, size) =>
        {
            var rows = cells.Select((c, i) => c.Pick switch
            {
                0 => Row(i + 1, null),
                1 => Row(i + 1, null, ValueStatus.NotPublished),
                _ => Row(i + 1, c.Score, component: c.Pick == 4 ? null : c.Score / 10),
            }).ToList();
            var derived = CohortDerivation.Derive(rows, size, new Dictionary<int, int>(), higherIsBetter: true);
            var complete = rows.Count == size && rows.All(r => Completeness.Settled(r.Score, r.Status));
            Assert.Equal(complete, derived.Total.Complete);
            if (!complete)
            {
                Assert.Empty(derived.Ranks);
                Assert.DoesNotContain(derived.Statistics, s => s.ComponentId is null && s.RegionId is null);
            }
            if (!(rows.Count == size && rows.All(r => r.Components.Count == 1 || (r.Score is null && r.Status != ValueStatus.NotInSource))))
            {
                Assert.Empty(derived.ComponentRanks);
                Assert.DoesNotContain(derived.Statistics, s => s.ComponentId is not null);
            }
        }, iter: 2000);
    }
}
