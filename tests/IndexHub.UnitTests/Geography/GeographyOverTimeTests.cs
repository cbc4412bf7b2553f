using IndexHub.Api.Domain.Geography;

namespace IndexHub.UnitTests.Geography;

public sealed class GeographyOverTimeTests
{
    [Theory]
    [InlineData("2007-12-31", 64)]
    [InlineData("2008-07-31", 64)]
    [InlineData("2008-08-01", 63)]
    [InlineData("2023-12-31", 63)]
    [InlineData("2025-06-30", 63)]
    [InlineData("2025-07-01", 34)]
    [InlineData("2026-11-22", 34)]
    public void The_number_of_provinces_follows_the_law(string date, int count) =>
        Assert.Equal(count, ShippedGeography.ProvincesOn(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture)).Count());

    [Fact]
    public void Codes_are_unique_on_any_day()
    {
        foreach (var date in new[] { new DateOnly(2007, 1, 1), new DateOnly(2023, 1, 1), new DateOnly(2025, 6, 30), new DateOnly(2025, 7, 1) })
        {
            var codes = ShippedGeography.ProvincesOn(date).Select(u => u.Code).ToList();
            Assert.Equal(codes.Count, codes.Distinct().Count());
        }
    }

    [Fact]
    public void The_six_regions_hold_14_11_14_5_6_13_provinces_of_the_63()
    {
        var counts = ShippedGeography.ProvincesOn(new DateOnly(2023, 12, 31))
            .GroupBy(u => u.RegionCode)
            .ToDictionary(g => g.Key!, g => g.Count());
        var regions = ShippedGeography.Definition.Regions;
        Assert.Equal([14, 11, 14, 5, 6, 13], regions.OrderBy(r => r.Order).Select(r => counts[r.Code]).ToArray());
    }

    [Fact]
    public void A_reused_code_resolves_by_date()
    {
        var units = ShippedGeography.Definition.Units
            .Where(u => u.Type.IsProvinceLevel())
            .Select(u => new CodedUnit(ShippedGeography.IdByKey[u.Key], u.Code, new Validity(u.ValidFrom, u.ValidTo)))
            .ToList();
        Assert.Equal("Bắc Giang", ShippedGeography.ById(UnitCodes.Resolve(units, "24", new DateOnly(2024, 1, 1))!.UnitId).Name);
        Assert.Equal("Bắc Ninh", ShippedGeography.ById(UnitCodes.Resolve(units, "24", new DateOnly(2025, 7, 1))!.UnitId).Name);
        Assert.Equal("Bắc Ninh", ShippedGeography.ById(UnitCodes.Resolve(units, "27", new DateOnly(2025, 6, 30))!.UnitId).Name);
        Assert.Null(UnitCodes.Resolve(units, "27", new DateOnly(2025, 7, 1)));
    }

    [Fact]
    public void New_can_tho_has_three_predecessors()
    {
        var lineage = ShippedGeography.Lineage();
        var canTho = ShippedGeography.IdByKey["92@2025-07-01"];
        var predecessors = lineage.Predecessors(canTho).Select(l => ShippedGeography.ById(l.FromUnitId)).ToList();
        Assert.Equal(["Cần Thơ", "Hậu Giang", "Sóc Trăng"], predecessors.Select(p => p.Name).Order().ToArray());
        Assert.All(predecessors, p => Assert.Equal(new DateOnly(2025, 6, 30), p.ValidTo));
        Assert.All(lineage.Predecessors(canTho), l => Assert.Equal(new DateOnly(2025, 7, 1), l.Effective));
    }

    [Fact]
    public void Ha_tay_went_into_ha_noi_which_continues_unchanged_through_2025()
    {
        var lineage = ShippedGeography.Lineage();
        var haTay = ShippedGeography.IdByKey["28@start"];
        var haNoi = ShippedGeography.IdByKey["01@start"];
        Assert.Equal([haNoi], lineage.Descendants(haTay));
        Assert.Equal([haTay], lineage.Ancestors(haNoi));
        Assert.Null(ShippedGeography.ById(haNoi).ValidTo);
        Assert.Equal(new DateOnly(2008, 8, 1), lineage.Successors(haTay).Single().Effective);
    }

    [Fact]
    public void Every_merged_province_descends_to_exactly_one_of_the_34()
    {
        var lineage = ShippedGeography.Lineage();
        var merged = ShippedGeography.ProvincesOn(new DateOnly(2025, 6, 30)).Where(u => u.ValidTo is not null);
        foreach (var unit in merged)
        {
            var successors = lineage.Successors(ShippedGeography.IdByKey[unit.Key]);
            var successor = Assert.Single(successors);
            Assert.Equal(new DateOnly(2025, 7, 1), ShippedGeography.ById(successor.ToUnitId).ValidFrom);
        }
        // 63 - 11 unchanged = 52 provinces merged into 23 new ones.
        Assert.Equal(52, merged.Count());
        Assert.Equal(23, ShippedGeography.ProvincesOn(new DateOnly(2025, 7, 1)).Count(u => u.ValidFrom is not null));
    }

    [Fact]
    public void Ancestors_are_listed_once_even_where_paths_join()
    {
        var lineage = new Lineage([
            new LineageLink(1, 3, LineageKind.MergedInto, new DateOnly(2008, 8, 1)),
            new LineageLink(2, 3, LineageKind.MergedInto, new DateOnly(2008, 8, 1)),
            new LineageLink(3, 4, LineageKind.MergedInto, new DateOnly(2025, 7, 1)),
            new LineageLink(1, 4, LineageKind.MergedInto, new DateOnly(2025, 7, 1)),
        ]);
        Assert.Equal([3, 1, 2], lineage.Ancestors(4));
        Assert.Equal([3, 4], lineage.Descendants(2));
    }

    [Fact]
    public void Hue_keeps_its_area_and_changes_its_name_in_2025()
    {
        var hue = ShippedGeography.ByKey("46@start");
        Assert.Null(hue.ValidTo);
        Assert.Equal(["Thừa Thiên Huế", "Huế"], hue.OfficialNames.Select(n => n.Name).ToArray());
        Assert.Equal(UnitType.Province, hue.OfficialNames[0].Type);
        Assert.Equal(UnitType.Municipality, hue.OfficialNames[1].Type);
        Assert.Equal(new DateOnly(2024, 12, 31), hue.OfficialNames[0].ValidTo);
    }

    [Fact]
    public void A_province_formed_across_regions_is_given_no_region()
    {
        // New Phú Thọ joined Hoà Bình and Phú Thọ (region 1) with Vĩnh Phúc (region 2).
        Assert.Null(ShippedGeography.ByKey("25@2025-07-01").RegionCode);
        Assert.Equal("mekong-river-delta", ShippedGeography.ByKey("92@2025-07-01").RegionCode);
    }
}
