using IndexHub.Api.Domain.Targets;

namespace IndexHub.UnitTests.Targets;

/// <summary>How a target stands against what the results hold: each status, the derived rank, and the reasons a target cannot be evaluated.</summary>
public sealed class TargetEvaluationTests
{
    private static Figure Published(decimal value, int year) => new(value, FigureBasis.Published, year);

    private static Evidence Held(Figure? rank = null, Figure? previousRank = null, Figure? score = null, Figure? previousScore = null, Figure? mean = null) => new()
    {
        YearHeld = true, Rank = rank, PreviousRank = previousRank, Score = score, PreviousScore = previousScore, NationalMean = mean, CohortSize = 63,
    };

    [Fact]
    public void TP_HCM_33rd_misses_a_top_15_goal()
    {
        var progress = TargetEvaluation.Evaluate(TargetKind.RankAtMost, 15, 2023, Held(rank: Published(33, 2023)));
        Assert.Equal(ProgressStatus.NotMet, progress.Status);
        Assert.Equal("33rd of 63, outside the top 15.", progress.Explanation);
        Assert.Equal(FigureBasis.Target, progress.Against!.Basis);
    }

    [Fact]
    public void A_rank_shared_at_the_bound_is_within_it()
    {
        Assert.Equal(ProgressStatus.Met, TargetEvaluation.Evaluate(TargetKind.RankAtMost, 15, 2022, Held(rank: Published(15, 2022))).Status);
    }

    [Fact]
    public void Cần_Thơ_14th_beats_a_derived_19th_and_says_it_is_derived()
    {
        var twentyTwentyTwo = TargetEvaluation.DeriveRank(Published(12, 2021), 2022, -7, "down 7 places on 2021");
        Assert.Equal(19, twentyTwentyTwo.Value);
        Assert.Equal(FigureBasis.Derived, twentyTwentyTwo.Basis);
        Assert.Contains("12th in 2021 (published)", twentyTwentyTwo.Derivation, StringComparison.Ordinal);
        Assert.Contains("down 7 places on 2021", twentyTwentyTwo.Derivation, StringComparison.Ordinal);

        var progress = TargetEvaluation.Evaluate(TargetKind.RankBetterThanPreviousYear, null, 2023,
            Held(rank: Published(14, 2023), previousRank: twentyTwentyTwo));
        Assert.Equal(ProgressStatus.Met, progress.Status);
        Assert.True(progress.UsesDerivedFigure);
        Assert.Contains("(derived)", progress.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_target_without_a_result_for_its_year_is_pending()
    {
        var progress = TargetEvaluation.Evaluate(TargetKind.RankAtMost, 10, 2030, new Evidence { YearHeld = false });
        Assert.Equal(ProgressStatus.Pending, progress.Status);
        Assert.Null(progress.Actual);
    }

    [Fact]
    public void A_rank_that_is_not_published_makes_a_rank_goal_not_evaluable_with_the_reason()
    {
        var progress = TargetEvaluation.Evaluate(TargetKind.RankAtMost, 15, 2023,
            new Evidence { YearHeld = true, RankMissing = "only an order in a list, which is not a rank" });
        Assert.Equal(ProgressStatus.NotEvaluable, progress.Status);
        Assert.Equal("only an order in a list, which is not a rank", progress.Explanation);
    }

    [Fact]
    public void Without_a_national_mean_a_goal_above_it_is_not_evaluable()
    {
        var progress = TargetEvaluation.Evaluate(TargetKind.ScoreAboveNationalMean, null, 2023, Held(score: Published(86.97m, 2023)));
        Assert.Equal(ProgressStatus.NotEvaluable, progress.Status);
        Assert.Contains("complete cohort", progress.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void A_score_above_the_published_national_mean_meets_the_goal()
    {
        var progress = TargetEvaluation.Evaluate(TargetKind.ScoreAboveNationalMean, null, 2023, Held(score: Published(86.97m, 2023), mean: Published(86.98m, 2023)));
        Assert.Equal(ProgressStatus.NotMet, progress.Status);
        var above = TargetEvaluation.Evaluate(TargetKind.ScoreAboveNationalMean, null, 2023, Held(score: Published(90.61m, 2023), mean: Published(82.66m, 2023)));
        Assert.Equal(ProgressStatus.Met, above.Status);
    }

    [Fact]
    public void A_score_goal_is_met_at_its_figure()
    {
        Assert.Equal(ProgressStatus.Met, TargetEvaluation.Evaluate(TargetKind.ScoreAtLeast, 86.97m, 2023, Held(score: Published(86.97m, 2023))).Status);
        Assert.Equal(ProgressStatus.NotMet, TargetEvaluation.Evaluate(TargetKind.ScoreAtLeast, 90m, 2023, Held(score: Published(86.97m, 2023))).Status);
    }

    [Fact]
    public void Improve_reads_ranks_first_then_scores_and_an_equal_place_is_not_an_improvement()
    {
        Assert.Equal(ProgressStatus.NotMet, TargetEvaluation.Evaluate(TargetKind.Improve, null, 2023, Held(rank: Published(20, 2023), previousRank: Published(20, 2022), score: Published(80, 2023), previousScore: Published(70, 2022))).Status);
        Assert.Equal(ProgressStatus.Met, TargetEvaluation.Evaluate(TargetKind.Improve, null, 2023, Held(score: Published(80, 2023), previousScore: Published(70, 2022))).Status);
        Assert.Equal(ProgressStatus.NotEvaluable, TargetEvaluation.Evaluate(TargetKind.Improve, null, 2023, Held(score: Published(80, 2023))).Status);
    }

    [Theory]
    [InlineData("rank_at_most:15", TargetKind.RankAtMost, 15.0)]
    [InlineData("score_at_least:80.5", TargetKind.ScoreAtLeast, 80.5)]
    [InlineData("rank_better_than_previous_year", TargetKind.RankBetterThanPreviousYear, null)]
    [InlineData("score_above_national_mean", TargetKind.ScoreAboveNationalMean, null)]
    [InlineData("improve", TargetKind.Improve, null)]
    public void The_kinds_parse_as_the_data_file_spells_them(string text, TargetKind kind, double? threshold)
    {
        var parsed = TargetEvaluation.Parse(text, out var error);
        Assert.Null(error);
        Assert.Equal((kind, threshold is null ? null : (decimal?)(decimal)threshold.Value), parsed);
    }

    [Theory]
    [InlineData("rank_at_most")]
    [InlineData("rank_at_most:0")]
    [InlineData("rank_at_most:2.5")]
    [InlineData("improve:3")]
    [InlineData("top_ten")]
    public void A_kind_without_its_figure_or_with_one_it_does_not_take_is_refused(string text)
    {
        Assert.Null(TargetEvaluation.Parse(text, out var error));
        Assert.NotNull(error);
    }
}
