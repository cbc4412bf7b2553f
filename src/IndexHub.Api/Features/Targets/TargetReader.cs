using System.Linq.Expressions;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Domain.Targets;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Targets;

/// <summary>
/// Reads targets and computes their progress from the results' own read model (the figures GET .../results serves): a rank
/// is the publisher's or IndexHub's over a complete cohort, never an order in a list; a national mean is a published statistic
/// or IndexHub's over a complete cohort; a rank no source prints is derived only from a published rank and a stated change.
/// </summary>
public static class TargetReader
{
    public static async Task<List<TargetDto>> ReadAsync(
        IndexHubDbContext db, ReferenceCatalogue catalogue, Expression<Func<Target, bool>> which, int? year, CancellationToken ct)
    {
        var targets = await db.Targets.AsNoTracking().Where(t => t.DeletedAt == null).Where(which)
            .Where(t => year == null || (t.FromYear <= year && t.ToYear >= year))
            .OrderBy(t => t.FromYear).ThenBy(t => t.IndexId).ThenBy(t => t.Id).ToListAsync(ct);
        var list = new List<TargetDto>(targets.Count);
        foreach (var target in targets)
        {
            list.Add(await ShapeAsync(db, catalogue, target, year, ct));
        }
        return list;
    }

    public static async Task<TargetDto> ShapeAsync(IndexHubDbContext db, ReferenceCatalogue catalogue, Target target, int? year, CancellationToken ct)
    {
        var years = year is int y ? [y] : Enumerable.Range(target.FromYear, target.ToYear - target.FromYear + 1).ToList();
        var first = years.Min() - 2;
        var last = years.Max();
        var rows = await db.ReadResultsAsync(catalogue,
            r => r.UnitId == target.UnitId && r.Edition.IndexId == target.IndexId && r.Year >= first && r.Year <= last, ct);
        var progress = years.Select(py =>
        {
            var evaluated = TargetEvaluation.Evaluate(target.Kind, target.Threshold, py, Evidence(catalogue, target, rows, py));
            return new TargetProgressDto
            {
                Year = py, Status = evaluated.Status, Explanation = evaluated.Explanation,
                Actual = Figure(evaluated.Actual), Against = Figure(evaluated.Against), Derived = evaluated.UsesDerivedFigure,
                EvaluationInSource = target.EvaluationInSource,
            };
        }).ToList();
        var unit = catalogue.Units[target.UnitId];
        var index = catalogue.Indices.Single(i => i.Id == target.IndexId);
        return new TargetDto
        {
            Id = target.Id,
            Unit = new TargetUnitDto
            {
                Code = unit.Code, Name = ResultRead.NameIn(unit.OfficialNames, unit.Name, target.FromYear),
                ProvinceCode = unit.ParentId is int parent ? catalogue.Units[parent].Code : null,
            },
            Index = index.Code,
            Component = target.ComponentId is int c ? catalogue.Components[c].Code : null,
            ComponentLabel = target.ComponentLabel,
            FromYear = target.FromYear, ToYear = target.ToYear, Kind = target.Kind, Threshold = target.Threshold,
            Target = Spell(target.Kind, target.Threshold),
            SetBy = target.SetBy,
            Owner = new TargetOwnerDto { Name = target.Owner, UnitCode = target.OwnerUnitId is int o ? catalogue.Units[o].Code : null },
            Source = new TargetSourceDto { Title = target.SourceTitle, Url = target.SourceUrl, Date = target.SourceDate, Quote = target.Quote },
            EvaluationInSource = target.EvaluationInSource,
            Progress = progress,
            Revision = target.Revision,
            Shipped = target.ShippedKey is not null,
            UpdatedAt = target.UpdatedAt,
        };
    }

    public static string Spell(TargetKind kind, decimal? threshold) =>
        threshold is decimal t ? $"{TargetEvaluation.Spell(kind)}:{t.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture)}" : TargetEvaluation.Spell(kind);

    private static TargetFigureDto? Figure(Figure? figure) => figure is null
        ? null
        : new TargetFigureDto { Value = figure.Value, Year = figure.Year, Basis = figure.Basis, Derivation = figure.Derivation };

    /// <summary>What the results hold for the target's unit, index (or component) and one year.</summary>
    private static Evidence Evidence(ReferenceCatalogue catalogue, Target target, IReadOnlyList<ResultRead> rows, int year)
    {
        var unit = catalogue.Units[target.UnitId];
        var index = catalogue.Indices.Single(i => i.Id == target.IndexId);
        var facts = catalogue.FactsByUnit[target.UnitId].Where(f => f.Index == index.Code).ToList();
        var row = Row(rows, year);
        var yearHeld = row is not null || facts.Any(f => f.Year == year)
            || catalogue.Coverage.Any(c => c.IndexId == target.IndexId && c.Year == year
                && (unit.IsProvinceLevel ? c.CohortKind == CohortKind.Provinces : c.CohortKind != CohortKind.Provinces));
        var what = target.ComponentId is int cid ? $"{index.Code} \"{catalogue.Components[cid].NameVi}\"" : index.Code;
        return new Evidence
        {
            YearHeld = yearHeld,
            HigherIsBetter = index.HigherIsBetter,
            Rank = Rank(catalogue, target, rows, facts, year, derive: true),
            PreviousRank = Rank(catalogue, target, rows, facts, year - 1, derive: true),
            Score = Score(target, Row(rows, year), year),
            PreviousScore = Score(target, Row(rows, year - 1), year - 1),
            CohortSize = row?.CohortSize,
            RankMissing = RankMissing(row, what, unit.Name, year),
            ScoreMissing = row is null
                ? $"IndexHub holds no {what} {year} result for {unit.Name}."
                : $"The {what} {year} score of {unit.Name} is not held ({(target.ComponentId is null ? row.Status : ValueStatus.NotInSource)}).",
            NationalMean = NationalMean(catalogue, target, row, year),
            NationalMeanMissing = $"No {what} {year} national mean is published, and IndexHub computes one only over a complete cohort's scores, which it does not hold.",
        };
    }

    private static ResultRead? Row(IReadOnlyList<ResultRead> rows, int year) =>
        rows.Where(r => r.Year == year).OrderByDescending(r => r.Rank is not null).ThenBy(r => r.CohortId).FirstOrDefault();

    private static Figure? Rank(ReferenceCatalogue catalogue, Target target, IReadOnlyList<ResultRead> rows, List<PublishedFactDto> facts, int year, bool derive)
    {
        var row = Row(rows, year);
        if (row is not null)
        {
            if (target.ComponentId is int cid)
            {
                var component = row.Components.FirstOrDefault(c => c.ComponentId == cid);
                if (component?.PublishedRank is int cp)
                {
                    return new Figure(cp, FigureBasis.Published, year);
                }
                if (component?.ComputedRank is int cc)
                {
                    return new Figure(cc, FigureBasis.Computed, year);
                }
                return null;
            }
            if (row.PublishedRank is int published)
            {
                return new Figure(published, FigureBasis.Published, year);
            }
            if (row.ComputedRank is int computed)
            {
                return new Figure(computed, FigureBasis.Computed, year);
            }
        }
        if (!derive || target.ComponentId is not null)
        {
            return null;
        }
        // One step only: a published (or computed) rank of the year before and a change of places a source stated.
        var stated = facts.FirstOrDefault(f => f.Kind == PublishedFactKind.RankChange && f.Year == year && f.ComparedToYear == year - 1 && f.Places is not null);
        if (stated is null || Rank(catalogue, target, rows, facts, year - 1, derive: false) is not { } earlier)
        {
            return null;
        }
        return TargetEvaluation.DeriveRank(earlier, year, stated.Places!.Value, stated.Text);
    }

    private static Figure? Score(Target target, ResultRead? row, int year)
    {
        if (row is null)
        {
            return null;
        }
        var score = target.ComponentId is int cid ? row.Components.FirstOrDefault(c => c.ComponentId == cid)?.Score : row.Score;
        return score is decimal s ? new Figure(s, FigureBasis.Published, year) : null;
    }

    private static string RankMissing(ResultRead? row, string what, string unit, int year)
    {
        if (row is null)
        {
            return $"IndexHub holds no {what} {year} result for {unit}, and no rank can be computed without the whole cohort.";
        }
        var order = row.Observations.Any(o => o.Rank is not null && o.RankBasis is RankBasis.ListingOrder or RankBasis.ScoreOrderInPublishedTop10);
        return order
            ? $"The {what} {year} rank of {unit} is not published: its source gives only an order in a list, which is not a rank; IndexHub computes ranks only over a complete cohort."
            : $"The {what} {year} rank of {unit} is not published, and IndexHub computes ranks only over a complete cohort's scores, which it does not hold.";
    }

    private static Figure? NationalMean(ReferenceCatalogue catalogue, Target target, ResultRead? row, int year)
    {
        if (row is null)
        {
            return null;
        }
        if (target.ComponentId is null
            && catalogue.PublishedStatistics[(row.EditionId, year)]
                .Where(s => s.Metric.StartsWith("mean", StringComparison.Ordinal))
                // The whole country's mean, or a province's own cohort's as its publisher states it (mean, mean_pct, mean_total).
                .FirstOrDefault(s => s.Scope == StatisticScope.National || (s.Scope == StatisticScope.Cohort && s.CohortId == row.CohortId)) is { } published)
        {
            return new Figure(published.Value, FigureBasis.Published, year);
        }
        var computed = catalogue.ComputedStatistics[(row.EditionId, row.CohortId, year)]
            .FirstOrDefault(s => s.ComponentId == target.ComponentId && s.RegionId == null);
        return computed is null ? null : new Figure(computed.Mean, FigureBasis.Computed, year);
    }
}
