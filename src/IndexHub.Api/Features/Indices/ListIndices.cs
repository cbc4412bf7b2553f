using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Indices;

public static class ListIndices
{
    public sealed record Query : IQuery<Page<IndexDto>>;

    public sealed class Handler(IndexHubDbContext db) : IQueryHandler<Query, Page<IndexDto>>
    {
        public async ValueTask<Page<IndexDto>> Handle(Query query, CancellationToken cancellationToken) =>
            Page<IndexDto>.All(await db.Indices.OrderBy(i => i.Code).AsSplitQuery().ProjectToType<IndexDto>().ToListAsync(cancellationToken));
    }
}
