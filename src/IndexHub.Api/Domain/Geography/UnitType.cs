namespace IndexHub.Api.Domain.Geography;

/// <summary>The kind of administrative unit that an index ranks.</summary>
public enum UnitType
{
    /// <summary>A province (tỉnh).</summary>
    Province,
    /// <summary>A centrally-run city (thành phố trực thuộc trung ương), ranked alongside provinces.</summary>
    Municipality,
    /// <summary>A provincial department (sở, ban, ngành).</summary>
    Department,
    /// <summary>A district-level unit (quận, huyện, thị xã, thành phố thuộc tỉnh); abolished on 2025-07-01.</summary>
    District,
    /// <summary>A commune-level unit (xã, phường, đặc khu).</summary>
    Commune,
}

public static class UnitTypes
{
    /// <summary>Provinces and centrally-run cities: the units that national indices rank.</summary>
    public static bool IsProvinceLevel(this UnitType type) => type is UnitType.Province or UnitType.Municipality;
}
