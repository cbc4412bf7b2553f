using System.Text.Json;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Targets;

/// <summary>One target with its progress in every year of its range, and the revision its ETag names.</summary>
public static class GetTarget
{
    /// <param name="Id">The target's id (GET /api/v1/provinces/{code}/targets lists them).</param>
    public sealed record Query([ParameterExample(1)] int Id) : IQuery<TargetDto>;

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues) : IQueryHandler<Query, TargetDto>
    {
        public async ValueTask<TargetDto> Handle(Query query, CancellationToken cancellationToken)
        {
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            var target = await db.Targets.AsNoTracking().SingleOrDefaultAsync(t => t.Id == query.Id && t.DeletedAt == null, cancellationToken)
                ?? throw new NotFoundException($"No target has the id {query.Id}.");
            return await TargetReader.ShapeAsync(db, catalogue, target, null, cancellationToken);
        }
    }
}

/// <summary>A target's revisions, oldest first: each with who wrote it and the target as it left it (a deleted target's too).</summary>
public static class ListTargetRevisions
{
    /// <param name="Id">The target's id.</param>
    public sealed record Query([ParameterExample(1)] int Id) : IQuery<IReadOnlyList<TargetRevisionDto>>;

    public sealed class Handler(IndexHubDbContext db) : IQueryHandler<Query, IReadOnlyList<TargetRevisionDto>>
    {
        public async ValueTask<IReadOnlyList<TargetRevisionDto>> Handle(Query query, CancellationToken cancellationToken)
        {
            var revisions = await db.TargetRevisions.AsNoTracking().Where(r => r.TargetId == query.Id).OrderBy(r => r.Number).ToListAsync(cancellationToken);
            return revisions.Count == 0
                ? throw new NotFoundException($"No target has the id {query.Id}.")
                : revisions.Select(r => new TargetRevisionDto
                {
                    Number = r.Number, Operation = r.Operation, At = r.At, Actor = r.Actor, State = JsonDocument.Parse(r.State).RootElement.Clone(),
                }).ToList();
        }
    }
}
