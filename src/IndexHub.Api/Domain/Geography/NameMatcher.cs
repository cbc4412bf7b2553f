namespace IndexHub.Api.Domain.Geography;

/// <summary>A unit that a name can refer to, with every spelling it is known by and when it was valid.</summary>
public sealed record NamedUnit(int UnitId, string Code, string Name, Validity Validity, IReadOnlyCollection<string> Names);

public enum NameMatchOutcome
{
    Matched,
    Ambiguous,
    NotFound,
}

/// <summary>The answer to "which unit is this name?": one unit, several (ambiguous, never guessed), or none.</summary>
public sealed record NameMatch(NameMatchOutcome Outcome, IReadOnlyList<NamedUnit> Candidates)
{
    public NamedUnit? Unit => Outcome == NameMatchOutcome.Matched ? Candidates[0] : null;
}

/// <summary>
/// Resolves the spellings that publishers and people use to units. A name on its own may name
/// two units across the 2025 merger ("Bắc Ninh" was code 27 and is now 24), so a date narrows it.
/// </summary>
public sealed class NameMatcher
{
    private readonly Dictionary<string, List<NamedUnit>> _byKey = new(StringComparer.Ordinal);

    public NameMatcher(IEnumerable<NamedUnit> units)
    {
        ArgumentNullException.ThrowIfNull(units);
        foreach (var unit in units)
        {
            foreach (var key in unit.Names.Append(unit.Name).Select(VietnameseNames.MatchKey).Distinct())
            {
                if (key.Length == 0)
                {
                    continue;
                }
                if (!_byKey.TryGetValue(key, out var list))
                {
                    _byKey[key] = list = [];
                }
                list.Add(unit);
            }
        }
    }

    /// <param name="name">Any spelling.</param>
    /// <param name="asOf">Only units valid on this day; null considers every period.</param>
    public NameMatch Match(string name, DateOnly? asOf)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (!_byKey.TryGetValue(VietnameseNames.MatchKey(name), out var found))
        {
            return new NameMatch(NameMatchOutcome.NotFound, []);
        }
        var candidates = found
            .Where(u => asOf is null || u.Validity.Contains(asOf.Value))
            .DistinctBy(u => u.UnitId)
            .ToList();
        return candidates.Count switch
        {
            0 => new NameMatch(NameMatchOutcome.NotFound, []),
            1 => new NameMatch(NameMatchOutcome.Matched, candidates),
            _ => new NameMatch(NameMatchOutcome.Ambiguous, candidates),
        };
    }
}
