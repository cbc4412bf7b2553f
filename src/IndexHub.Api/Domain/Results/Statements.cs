namespace IndexHub.Api.Domain.Results;

/// <summary>What one source states of one component of a result: a score, or why there is none; or nothing.</summary>
/// <param name="Score">The score stated.</param>
/// <param name="Status">Why there is no score, where the source says so.</param>
/// <param name="Rank">The component's rank stated.</param>
/// <param name="Sequence">The revision that last stated the figure (0: the shipped data).</param>
public sealed record ComponentStatement(decimal? Score, ValueStatus? Status, int? Rank, int Sequence = 0)
{
    public bool StatesFigure => Score is not null || Status is not null;

    public bool SameFigures(ComponentStatement other) => Score == other.Score && Status == other.Status && Rank == other.Rank;
}

/// <summary>
/// What one source states about one result. A null field is one the source does not state: it leaves whatever is
/// stored alone. <see cref="Status"/> is an explicit statement that no score exists (not published, withheld, ...),
/// never set beside a score.
/// </summary>
public sealed record Statement
{
    public required int SourceId { get; init; }
    public required SourceKind Kind { get; init; }
    /// <summary>The revision that last stated the score or status (0: the shipped data). Among sources of one kind, the latest statement of a figure leads.</summary>
    public int Sequence { get; init; }
    /// <summary>The revision that last stated the rank.</summary>
    public int RankSequence { get; init; }
    /// <summary>The revision that last stated the tier.</summary>
    public int TierSequence { get; init; }
    /// <summary>Among statements of one kind stated in the same revision, the one recorded first leads.</summary>
    public int Order { get; init; }
    public decimal? Score { get; init; }
    public ValueStatus? Status { get; init; }
    public int? Rank { get; init; }
    public RankBasis? RankBasis { get; init; }
    public int? TierId { get; init; }
    public string? Note { get; init; }
    public string? Quote { get; init; }
    public IReadOnlyDictionary<int, ComponentStatement> Components { get; init; } = new Dictionary<int, ComponentStatement>();

    public bool IsPublishedRank => Rank is not null && (RankBasis ?? Results.RankBasis.Explicit) == Results.RankBasis.Explicit;

    /// <summary>This statement as made in revision <paramref name="sequence"/>: every figure it states carries it.</summary>
    public Statement Stamped(int sequence) => this with
    {
        Sequence = sequence, RankSequence = sequence, TierSequence = sequence,
        Components = Components.ToDictionary(c => c.Key, c => c.Value with { Sequence = sequence }),
    };

    /// <summary>
    /// This source's statement after it states <paramref name="incoming"/> too: what the incoming statement states
    /// replaces what was stated; what it leaves unstated (a column the table lacks, an empty cell) stays as it was.
    /// A score replaces an explicit status and a status replaces a score.
    /// </summary>
    public Statement With(Statement incoming)
    {
        var components = new Dictionary<int, ComponentStatement>(Components);
        foreach (var (id, stated) in incoming.Components)
        {
            components[id] = components.TryGetValue(id, out var held) ? Merge(held, stated) : stated;
        }
        var figure = incoming.Score is not null || incoming.Status is not null;
        return this with
        {
            // Each figure keeps the revision that last stated it: stating one figure anew never moves another's lead.
            Sequence = figure ? incoming.Sequence : Sequence,
            RankSequence = incoming.Rank is not null ? incoming.RankSequence : RankSequence,
            TierSequence = incoming.TierId is not null ? incoming.TierSequence : TierSequence,
            Kind = incoming.Kind,
            Score = figure ? incoming.Score : Score,
            Status = figure ? incoming.Status : Status,
            Rank = incoming.Rank ?? Rank,
            RankBasis = incoming.Rank is not null ? incoming.RankBasis : RankBasis,
            TierId = incoming.TierId ?? TierId,
            Note = incoming.Note ?? Note,
            Quote = incoming.Quote ?? Quote,
            Components = components,
        };
    }

    private static ComponentStatement Merge(ComponentStatement held, ComponentStatement stated)
    {
        var figure = stated.StatesFigure;
        return new ComponentStatement(figure ? stated.Score : held.Score, figure ? stated.Status : held.Status, stated.Rank ?? held.Rank,
            figure ? stated.Sequence : held.Sequence);
    }

    /// <summary>Whether this statement holds the same figures as another (bookkeeping aside).</summary>
    public bool SameFigures(Statement other) =>
        Score == other.Score && Status == other.Status && Rank == other.Rank && RankBasis == other.RankBasis && TierId == other.TierId
        && Note == other.Note && Quote == other.Quote && Kind == other.Kind
        && Components.Count == other.Components.Count
        && Components.All(c => other.Components.TryGetValue(c.Key, out var o) && o.SameFigures(c.Value));
}

/// <summary>A component of a result as shown: the figure of the leading source that states it.</summary>
public sealed record ChosenComponent(decimal? Score, ValueStatus Status, int? PublishedRank);

/// <summary>A result's figures as shown, chosen from its sources' statements by precedence.</summary>
public sealed record ChosenFigures(
    decimal? Score, ValueStatus Status, int? PublishedRank, int? TierId, bool Conflict, IReadOnlyDictionary<int, ChosenComponent> Components)
{
    /// <summary>Whether the score is settled: held, or stated not to exist. A rank without its score is not settled.</summary>
    public bool Settled => Completeness.Settled(Score, Status);
}

/// <summary>The merge rules: which source's figure a result shows, and when sources are in conflict.</summary>
public static class Precedence
{
    /// <summary>Statements in the order their score leads: by kind, then the latest to state it, then the first recorded.</summary>
    public static IEnumerable<Statement> Leading(IEnumerable<Statement> statements) =>
        statements.OrderBy(s => s.Kind).ThenByDescending(s => s.Sequence).ThenBy(s => s.Order);

    /// <summary>
    /// Per figure, the first source that states it, by kind (publisher, official, press, secondary), then the latest to
    /// state that figure, then the first recorded; among sources of the leading kind that agree on the figure, the one
    /// that gives it to the most digits. A result that no source gives a score or a status for is
    /// <see cref="ValueStatus.NotInSource"/>: its score exists, but no source at hand states it.
    /// </summary>
    public static ChosenFigures Choose(IReadOnlyCollection<Statement> statements)
    {
        var byScore = Leading(statements).ToList();
        var figure = byScore.FirstOrDefault(s => s.Score is not null || s.Status is not null);
        if (figure?.Score is decimal leading)
        {
            figure = byScore.Where(s => s.Kind == figure.Kind && s.Score is decimal other && Agreement.Agree(leading, other))
                .OrderByDescending(s => Summary.Scale(s.Score!.Value)).First();
        }
        var rank = statements.Where(s => s.IsPublishedRank).OrderBy(s => s.Kind).ThenByDescending(s => s.RankSequence).ThenBy(s => s.Order).FirstOrDefault()?.Rank;
        var tier = statements.Where(s => s.TierId is not null).OrderBy(s => s.Kind).ThenByDescending(s => s.TierSequence).ThenBy(s => s.Order).FirstOrDefault()?.TierId;
        var components = new Dictionary<int, ChosenComponent>();
        foreach (var id in statements.SelectMany(s => s.Components.Keys).Distinct().Order())
        {
            var stated = statements.Where(s => s.Components.ContainsKey(id))
                .Select(s => (s.Kind, s.Order, Value: s.Components[id]))
                .OrderBy(c => c.Kind).ThenByDescending(c => c.Value.Sequence).ThenBy(c => c.Order)
                .ToList();
            var first = stated.FirstOrDefault(c => c.Value.StatesFigure);
            var lead = first.Value;
            if (lead?.Score is decimal leadScore)
            {
                lead = stated.Where(c => c.Kind == first.Kind && c.Value.Score is decimal other && Agreement.Agree(leadScore, other))
                    .OrderByDescending(c => Summary.Scale(c.Value.Score!.Value)).First().Value;
            }
            var componentRank = stated.FirstOrDefault(c => c.Value.Rank is not null).Value?.Rank;
            components[id] = lead is null
                ? new ChosenComponent(null, ValueStatus.NotInSource, componentRank)
                : new ChosenComponent(lead.Score, lead.Score is not null ? ValueStatus.Published : lead.Status!.Value, componentRank);
        }
        return new ChosenFigures(
            figure?.Score,
            figure is null ? ValueStatus.NotInSource : figure.Score is not null ? ValueStatus.Published : figure.Status!.Value,
            rank, tier, InConflict(statements), components);
    }

    /// <summary>
    /// Sources conflict when two state scores that differ at their common precision (91.87 against 91.81; 45.78
    /// agrees with 45.7812), or different published ranks, for the total or for a component.
    /// </summary>
    public static bool InConflict(IReadOnlyCollection<Statement> statements)
    {
        static bool Differ(IEnumerable<decimal> values)
        {
            var list = values.ToList();
            return list.Any(a => list.Any(b => !Agreement.Agree(a, b)));
        }
        if (Differ(statements.Where(s => s.Score is not null).Select(s => s.Score!.Value))
            || statements.Where(s => s.IsPublishedRank).Select(s => s.Rank).Distinct().Count() > 1)
        {
            return true;
        }
        return statements.SelectMany(s => s.Components)
            .GroupBy(c => c.Key)
            .Any(g => Differ(g.Where(c => c.Value.Score is not null).Select(c => c.Value.Score!.Value))
                || g.Where(c => c.Value.Rank is not null).Select(c => c.Value.Rank).Distinct().Count() > 1);
    }
}

public static class Completeness
{
    /// <summary>
    /// A figure is settled when it is held, or when a source states that it does not exist (not published, not
    /// surveyed, withheld, not applicable). A figure that exists but is not in the sources at hand is not.
    /// </summary>
    public static bool Settled(decimal? score, ValueStatus status) => score is not null || status != ValueStatus.NotInSource;
}
