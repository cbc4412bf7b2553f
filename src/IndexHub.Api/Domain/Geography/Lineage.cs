namespace IndexHub.Api.Domain.Geography;

/// <summary>One step in a unit's history: on <paramref name="Effective"/>, <paramref name="FromUnitId"/> became part of <paramref name="ToUnitId"/>.</summary>
public sealed record LineageLink(int FromUnitId, int ToUnitId, LineageKind Kind, DateOnly Effective);

/// <summary>
/// The graph of merges between units. Walks it both ways, so that a province formed in 2025
/// finds the provinces whose series it continues, and a dissolved province finds where it went.
/// </summary>
public sealed class Lineage
{
    private readonly ILookup<int, LineageLink> _byFrom;
    private readonly ILookup<int, LineageLink> _byTo;

    public Lineage(IEnumerable<LineageLink> links)
    {
        var all = links.ToList();
        _byFrom = all.ToLookup(l => l.FromUnitId);
        _byTo = all.ToLookup(l => l.ToUnitId);
    }

    /// <summary>The units that merged directly into this one.</summary>
    public IReadOnlyList<LineageLink> Predecessors(int unitId) => [.. _byTo[unitId]];

    /// <summary>The units this one merged into directly.</summary>
    public IReadOnlyList<LineageLink> Successors(int unitId) => [.. _byFrom[unitId]];

    /// <summary>Every unit that this one descends from, nearest first; each unit once even where paths join.</summary>
    public IReadOnlyList<int> Ancestors(int unitId) => Walk(unitId, Predecessors, l => l.FromUnitId);

    /// <summary>Every unit that this one's area became part of, nearest first.</summary>
    public IReadOnlyList<int> Descendants(int unitId) => Walk(unitId, Successors, l => l.ToUnitId);

    private static List<int> Walk(int start, Func<int, IReadOnlyList<LineageLink>> next, Func<LineageLink, int> target)
    {
        var seen = new HashSet<int> { start };
        var order = new List<int>();
        var queue = new Queue<int>();
        queue.Enqueue(start);
        while (queue.Count > 0)
        {
            foreach (var link in next(queue.Dequeue()))
            {
                var id = target(link);
                if (seen.Add(id))
                {
                    order.Add(id);
                    queue.Enqueue(id);
                }
            }
        }
        return order;
    }
}
