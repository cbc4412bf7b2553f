namespace IndexHub.Api.Domain.Results;

/// <summary>Standard competition ranking ("1224"): equal scores share a rank and the next rank skips.</summary>
public static class Ranking
{
    public static IReadOnlyDictionary<TKey, int> Competition<TKey>(IEnumerable<(TKey Key, decimal Score)> scores, bool higherIsBetter)
        where TKey : notnull
    {
        var ordered = higherIsBetter
            ? scores.OrderByDescending(s => s.Score).ToList()
            : scores.OrderBy(s => s.Score).ToList();
        var ranks = new Dictionary<TKey, int>(ordered.Count);
        for (var i = 0; i < ordered.Count; i++)
        {
            ranks[ordered[i].Key] = i > 0 && ordered[i].Score == ordered[i - 1].Score
                ? ranks[ordered[i - 1].Key]
                : i + 1;
        }
        return ranks;
    }

    /// <summary>The share of the cohort ranked below, 0 (last) to 100 (first), to one decimal; null where it cannot be said.</summary>
    public static decimal? Percentile(int? rank, int? cohortSize)
    {
        if (rank is not int r || cohortSize is not int n || n < 2 || r < 1 || r > n)
        {
            return null;
        }
        return Math.Round(100m * (n - r) / (n - 1), 1, MidpointRounding.AwayFromZero);
    }
}
