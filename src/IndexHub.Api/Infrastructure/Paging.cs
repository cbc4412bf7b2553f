using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Infrastructure;

/// <summary>
/// One page of a list, with what a client needs to fetch the rest: every list answers in this envelope. A list that is
/// about something (the provinces of a day, an index's years) derives from it and adds that.
/// </summary>
public record Page<T>
{
    // No examples for the counts: they are the list's own (63 provinces, 14 years of PAPI), not one figure for every list.
    public required IReadOnlyList<T> Items { get; init; }
    /// <example>1</example>
    public required int PageNumber { get; init; }
    public required int PageSize { get; init; }
    public required int TotalCount { get; init; }
    public int TotalPages => TotalCount == 0 ? 0 : (TotalCount + PageSize - 1) / PageSize;

    /// <summary>A whole list as one page: lists that are short by nature (regions, indices) answer in the same envelope as the rest.</summary>
    public static Page<T> All(IReadOnlyList<T> all) => new() { Items = all, PageNumber = 1, PageSize = Math.Max(all.Count, 1), TotalCount = all.Count };

    public static Page<T> Of(IEnumerable<T> all, int? page, int? pageSize, int defaultPageSize)
    {
        var size = pageSize ?? defaultPageSize;
        var number = page ?? 1;
        var list = all as IReadOnlyList<T> ?? all.ToList();
        return new Page<T>
        {
            Items = list.Skip((number - 1) * size).Take(size).ToList(),
            PageNumber = number,
            PageSize = size,
            TotalCount = list.Count,
        };
    }
}

public static class Paging
{
    /// <summary>One page of an ordered query, counted and cut in SQL, each row then shaped in memory.</summary>
    public static async Task<Page<T>> PageAsync<TRow, T>(this IQueryable<TRow> ordered, int? page, int? pageSize, int defaultPageSize, Func<TRow, T> shape, CancellationToken ct)
    {
        var size = pageSize ?? defaultPageSize;
        var number = page ?? 1;
        var total = await ordered.CountAsync(ct);
        var rows = await ordered.Skip((number - 1) * size).Take(size).ToListAsync(ct);
        return new Page<T> { Items = rows.Select(shape).ToList(), PageNumber = number, PageSize = size, TotalCount = total };
    }
}
