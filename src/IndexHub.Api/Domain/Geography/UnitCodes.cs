namespace IndexHub.Api.Domain.Geography;

/// <summary>A unit's code with the period in which the code named it.</summary>
public sealed record CodedUnit(int UnitId, string Code, Validity Validity);

public static class UnitCodes
{
    /// <summary>
    /// The unit that <paramref name="code"/> named on <paramref name="date"/>. Codes were reused in 2025
    /// (24 was Bắc Giang and is now Bắc Ninh), so a code alone is not enough.
    /// </summary>
    public static CodedUnit? Resolve(IEnumerable<CodedUnit> units, string code, DateOnly date) =>
        units.SingleOrDefault(u => u.Code == code && u.Validity.Contains(date));

    /// <summary>Two-digit GSO province codes: "1" and "01" both mean 01.</summary>
    public static string NormalizeProvinceCode(string code)
    {
        ArgumentNullException.ThrowIfNull(code);
        var trimmed = code.Trim();
        return trimmed.Length == 1 && char.IsAsciiDigit(trimmed[0]) ? "0" + trimmed : trimmed;
    }
}
