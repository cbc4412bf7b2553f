namespace IndexHub.Api.Domain.Results;

/// <summary>Mean, median, min and max of a set of scores, to the precision of the scores themselves.</summary>
public sealed record Summary(int Count, decimal Mean, decimal Median, decimal Min, decimal Max)
{
    public static Summary? Of(IEnumerable<decimal> values)
    {
        var sorted = values.Order().ToList();
        if (sorted.Count == 0)
        {
            return null;
        }
        // A mean of 4-decimal scores is given to 4 decimals: more digits would claim a precision the data lacks.
        var scale = sorted.Max(Scale);
        var middle = sorted.Count / 2;
        var median = sorted.Count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
        return new Summary(
            sorted.Count,
            Math.Round(sorted.Sum() / sorted.Count, scale, MidpointRounding.AwayFromZero),
            Math.Round(median, scale, MidpointRounding.AwayFromZero),
            sorted[0],
            sorted[^1]);
    }

    /// <summary>Digits after the decimal point as written: 86.97 → 2, 0.8002 → 4, 100 → 0.</summary>
    public static int Scale(decimal value) => (decimal.GetBits(value)[3] >> 16) & 0xFF;
}

public static class Agreement
{
    /// <summary>
    /// Two reports of one figure agree when they are equal at the precision of the less precise one:
    /// 45.78 (rounded in the press) agrees with 45.7812; 91.87 and 91.81 do not.
    /// </summary>
    public static bool Agree(decimal a, decimal b)
    {
        var scale = Math.Min(Summary.Scale(a), Summary.Scale(b));
        return Math.Round(a, scale, MidpointRounding.AwayFromZero) == Math.Round(b, scale, MidpointRounding.AwayFromZero);
    }
}
