using System.Globalization;
using System.Text.RegularExpressions;

namespace IndexHub.Api.Domain.Results;

/// <summary>A change of rank as a source states it: places gained (negative: lost) since a year.</summary>
public sealed record StatedRankChange(int Year, int ComparedToYear, int Places);

/// <summary>
/// Reads the few fixed phrasings in which the shipped notes state rank changes and comparisons,
/// so that they are kept as facts of their own. Nothing is derived from them.
/// </summary>
public static partial class PublishedStatements
{
    /// <param name="note">The note as the file gives it.</param>
    /// <param name="year">The year of the row the note belongs to.</param>
    public static StatedRankChange? RankChange(string? note, int year)
    {
        if (string.IsNullOrWhiteSpace(note))
        {
            return null;
        }
        var between = Between().Match(note);
        if (between.Success)
        {
            var places = Number(between.Groups["places"]) * (between.Groups["dir"].Value == "above" ? 1 : -1);
            return new StatedRankChange(Number(between.Groups["year"]), Number(between.Groups["since"]), places);
        }
        var change = Change().Match(note);
        if (!change.Success)
        {
            return null;
        }
        var sign = change.Groups["dir"].Value is "up" or "rose" or "rise" ? 1 : -1;
        return new StatedRankChange(year, Number(change.Groups["since"]), sign * Number(change.Groups["places"]));
    }

    /// <summary>"all 8 areas above national average".</summary>
    public static bool AllComponentsAboveNationalMean(string? note) =>
        note is not null && AllAbove().IsMatch(note);

    private static int Number(Group group) => int.Parse(group.Value, CultureInfo.InvariantCulture);

    // "down 7 places on 2021", "up 25 places from 51 in 2021", "fell 7 places vs 2020", "up 7 places and +3.4 percentage points on 2022"
    [GeneratedRegex(@"\b(?<dir>up|down|fell|rose|rise)\s+(?<places>\d{1,3})\s+places?\b[^()]*?\b(?<since>(?:19|20)\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex Change();

    // "2023 rank is 10 places above 2021"
    [GeneratedRegex(@"\b(?<year>(?:19|20)\d{2})\s+rank\s+is\s+(?<places>\d{1,3})\s+places?\s+(?<dir>above|below)\s+(?<since>(?:19|20)\d{2})\b", RegexOptions.IgnoreCase)]
    private static partial Regex Between();

    [GeneratedRegex(@"\ball\s+\d+\s+(areas|fields)\s+above\s+(the\s+)?national\s+average\b", RegexOptions.IgnoreCase)]
    private static partial Regex AllAbove();
}
