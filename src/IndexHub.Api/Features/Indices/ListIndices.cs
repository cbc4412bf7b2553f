using IndexHub.Api.Persistence;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Indices;

public static class ListIndices
{
    public sealed record Query : IQuery<IReadOnlyList<IndexDto>>;

    public sealed class Handler(IndexHubDbContext db) : IQueryHandler<Query, IReadOnlyList<IndexDto>>
    {
        public async ValueTask<IReadOnlyList<IndexDto>> Handle(Query query, CancellationToken cancellationToken) =>
            await db.Indices.OrderBy(i => i.Code).AsSplitQuery().ProjectToType<IndexDto>().ToListAsync(cancellationToken);
    }
}
