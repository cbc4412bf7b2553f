using System.Globalization;

namespace IndexHub.Api.Domain.Targets;

/// <summary>What a province promised about an index result.</summary>
public enum TargetKind
{
    /// <summary>A rank of N or better ("into the top 15").</summary>
    RankAtMost,
    /// <summary>A score of X or more.</summary>
    ScoreAtLeast,
    /// <summary>A better rank than the year before ("thứ hạng cao hơn năm 2022").</summary>
    RankBetterThanPreviousYear,
    /// <summary>A score above the national mean.</summary>
    ScoreAboveNationalMean,
    /// <summary>Improve, with no figure stated: better than the year before, by rank where both are held, else by score.</summary>
    Improve,
}

public enum ProgressStatus
{
    Met,
    NotMet,
    /// <summary>No result for the year is held yet.</summary>
    Pending,
    /// <summary>The year's results are held, but not the figure the target needs; the reason says which.</summary>
    NotEvaluable,
}

/// <summary>Where a figure comes from: a source printed it, IndexHub computed it over a complete cohort, or it follows from a stated change.</summary>
public enum FigureBasis
{
    Published,
    Computed,
    Derived,
    /// <summary>The target's own figure (the 15 of "top 15").</summary>
    Target,
}

/// <summary>A figure an evaluation uses, with its basis and, for a derived one, how it was derived.</summary>
public sealed record Figure(decimal Value, FigureBasis Basis, int Year, string? Derivation = null);

/// <summary>
/// What IndexHub holds for a target's unit, index (or component) and year: figures with their basis, and where a figure
/// is absent, why. The caller reads them from the results; this type holds no opinion of its own.
/// </summary>
public sealed record Evidence
{
    /// <summary>Whether any result of the index for that year and cohort is held: without one the target is pending.</summary>
    public required bool YearHeld { get; init; }
    public Figure? Rank { get; init; }
    public int? CohortSize { get; init; }
    public Figure? Score { get; init; }
    public Figure? PreviousRank { get; init; }
    public Figure? PreviousScore { get; init; }
    public Figure? NationalMean { get; init; }
    /// <summary>Why there is no rank ("the rank is not published and the cohort is incomplete: scores held 6 of 63").</summary>
    public string? RankMissing { get; init; }
    public string? ScoreMissing { get; init; }
    public string? NationalMeanMissing { get; init; }
    public bool HigherIsBetter { get; init; } = true;
}

/// <summary>A target's standing for one year: the status, why, and the figures compared.</summary>
public sealed record Progress(ProgressStatus Status, string Explanation, Figure? Actual, Figure? Against)
{
    /// <summary>Whether the evaluation rests on a figure no source printed.</summary>
    public bool UsesDerivedFigure => Actual?.Basis == FigureBasis.Derived || Against?.Basis == FigureBasis.Derived;
}

public static class TargetEvaluation
{
    /// <summary>
    /// Evaluates one target for one year. A rank is better when lower; ties share a rank, so a shared 15th is within the top 15.
    /// Figures are compared only where held: a missing one makes the target not evaluable, never unmet.
    /// </summary>
    public static Progress Evaluate(TargetKind kind, decimal? threshold, int year, Evidence evidence)
    {
        if (!evidence.YearHeld)
        {
            return new(ProgressStatus.Pending, $"No result for {year} is held yet.", null, null);
        }
        switch (kind)
        {
            case TargetKind.RankAtMost:
                {
                    if (evidence.Rank is not { } rank)
                    {
                        return NotEvaluable(evidence.RankMissing ?? "The rank is not published and cannot be computed.");
                    }
                    var bound = threshold ?? throw new ArgumentException("rank_at_most needs N.", nameof(threshold));
                    var against = new Figure(bound, FigureBasis.Target, year);
                    return rank.Value <= bound
                        ? new(ProgressStatus.Met, $"{Ordinal(rank)}{Of(evidence)}, within the top {Number(bound)}.", rank, against)
                        : new(ProgressStatus.NotMet, $"{Ordinal(rank)}{Of(evidence)}, outside the top {Number(bound)}.", rank, against);
                }
            case TargetKind.ScoreAtLeast:
                {
                    if (evidence.Score is not { } score)
                    {
                        return NotEvaluable(evidence.ScoreMissing ?? "The score is not published.");
                    }
                    var bound = threshold ?? throw new ArgumentException("score_at_least needs X.", nameof(threshold));
                    var against = new Figure(bound, FigureBasis.Target, year);
                    var reached = evidence.HigherIsBetter ? score.Value >= bound : score.Value <= bound;
                    return new(reached ? ProgressStatus.Met : ProgressStatus.NotMet,
                        $"{Number(score.Value)} against {Number(bound)}.", score, against);
                }
            case TargetKind.ScoreAboveNationalMean:
                {
                    if (evidence.Score is not { } score)
                    {
                        return NotEvaluable(evidence.ScoreMissing ?? "The score is not published.");
                    }
                    if (evidence.NationalMean is not { } mean)
                    {
                        return NotEvaluable(evidence.NationalMeanMissing
                            ?? "No national mean is published, and IndexHub computes one only over a complete cohort's scores.");
                    }
                    var above = evidence.HigherIsBetter ? score.Value > mean.Value : score.Value < mean.Value;
                    return new(above ? ProgressStatus.Met : ProgressStatus.NotMet,
                        $"{Number(score.Value)} against a {(mean.Basis == FigureBasis.Published ? "published" : "computed")} national mean of {Number(mean.Value)}.", score, mean);
                }
            case TargetKind.RankBetterThanPreviousYear:
                return ByRank(year, evidence) ?? NotEvaluable(RankGap(year, evidence));
            case TargetKind.Improve:
                return ByRank(year, evidence) ?? ByScore(year, evidence)
                    ?? NotEvaluable($"Neither both years' ranks nor both years' scores are held. {RankGap(year, evidence)}".TrimEnd());
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
        }
    }

    /// <summary>
    /// A rank that follows from a published rank and a stated change of places: Cần Thơ's PCI 2022 rank is 19th only
    /// because its portal says "down 7 places on 2021" and the 2021 table gives 12th. Places gained are positive.
    /// </summary>
    public static Figure DeriveRank(Figure earlier, int year, int placesGained, string statedAs)
    {
        var value = earlier.Value - placesGained;
        return new Figure(value, FigureBasis.Derived, year,
            $"{Ordinal(value)} in {year}, derived: {Ordinal(earlier)} in {earlier.Year} ({Basis(earlier)}) and \"{statedAs}\" as a source stated it; no source prints the {year} rank.");
    }

    private static Progress? ByRank(int year, Evidence evidence)
    {
        if (evidence.Rank is not { } rank || evidence.PreviousRank is not { } previous)
        {
            return null;
        }
        var text = $"{Ordinal(rank)}{Of(evidence)} in {year} against {Ordinal(previous)} in {previous.Year}"
            + (previous.Basis == FigureBasis.Derived ? " (derived)" : "") + (rank.Basis == FigureBasis.Derived ? "; this year's rank is derived" : "") + ".";
        return rank.Value < previous.Value
            ? new(ProgressStatus.Met, text, rank, previous)
            : new(ProgressStatus.NotMet, text, rank, previous);
    }

    private static Progress? ByScore(int year, Evidence evidence)
    {
        if (evidence.Score is not { } score || evidence.PreviousScore is not { } previous)
        {
            return null;
        }
        var better = evidence.HigherIsBetter ? score.Value > previous.Value : score.Value < previous.Value;
        return new(better ? ProgressStatus.Met : ProgressStatus.NotMet,
            $"{Number(score.Value)} in {year} against {Number(previous.Value)} in {previous.Year}.", score, previous);
    }

    private static string RankGap(int year, Evidence evidence) =>
        evidence.Rank is null
            ? evidence.RankMissing ?? $"The {year} rank is not published and cannot be computed."
            : $"The {year - 1} rank is not published, cannot be computed, and no stated change of places derives it.";

    private static Progress NotEvaluable(string why) => new(ProgressStatus.NotEvaluable, why, null, null);

    private static string Of(Evidence evidence) => evidence.CohortSize is int size ? $" of {size}" : "";

    private static string Basis(Figure figure) => figure.Basis switch
    {
        FigureBasis.Published => "published",
        FigureBasis.Computed => "computed over the complete cohort",
        _ => "derived",
    };

    private static string Number(decimal value) => value.ToString("0.####", CultureInfo.InvariantCulture);

    public static string Ordinal(Figure figure) => Ordinal(figure.Value);

    public static string Ordinal(decimal value)
    {
        var n = (int)value;
        var suffix = (n % 100) is 11 or 12 or 13 ? "th" : (n % 10) switch { 1 => "st", 2 => "nd", 3 => "rd", _ => "th" };
        return $"{n}{suffix}";
    }

    /// <summary>The kind as data files and the API spell it: rank_at_most, score_at_least, ...</summary>
    public static string Spell(TargetKind kind) => kind switch
    {
        TargetKind.RankAtMost => "rank_at_most",
        TargetKind.ScoreAtLeast => "score_at_least",
        TargetKind.RankBetterThanPreviousYear => "rank_better_than_previous_year",
        TargetKind.ScoreAboveNationalMean => "score_above_national_mean",
        _ => "improve",
    };

    /// <summary>Parses "rank_at_most:15", "score_at_least:80", "improve" and the rest; null with a reason when it does not parse.</summary>
    public static (TargetKind Kind, decimal? Threshold)? Parse(string text, out string? error)
    {
        error = null;
        var parts = text.Trim().Split(':', 2);
        TargetKind? kind = parts[0].Trim().Replace("-", "_", StringComparison.Ordinal).ToLowerInvariant() switch
        {
            "rank_at_most" or "rankatmost" => TargetKind.RankAtMost,
            "score_at_least" or "scoreatleast" => TargetKind.ScoreAtLeast,
            "rank_better_than_previous_year" or "rankbetterthanpreviousyear" => TargetKind.RankBetterThanPreviousYear,
            "score_above_national_mean" or "scoreabovenationalmean" => TargetKind.ScoreAboveNationalMean,
            "improve" => TargetKind.Improve,
            _ => null,
        };
        if (kind is null)
        {
            error = $"'{text}' is not a target kind: rank_at_most:N, score_at_least:X, rank_better_than_previous_year, score_above_national_mean or improve.";
            return null;
        }
        var needs = kind is TargetKind.RankAtMost or TargetKind.ScoreAtLeast;
        decimal? threshold = null;
        if (parts.Length == 2 && decimal.TryParse(parts[1].Trim(), NumberStyles.Number, CultureInfo.InvariantCulture, out var value))
        {
            threshold = value;
        }
        if (needs && (threshold is null || threshold < 0 || (kind == TargetKind.RankAtMost && (threshold < 1 || threshold != decimal.Truncate(threshold.Value)))))
        {
            error = kind == TargetKind.RankAtMost ? "rank_at_most needs a whole rank of 1 or more: rank_at_most:15." : "score_at_least needs a score: score_at_least:80.";
            return null;
        }
        if (!needs && parts.Length == 2)
        {
            error = $"{Spell(kind.Value)} takes no figure.";
            return null;
        }
        return (kind.Value, threshold);
    }
}
