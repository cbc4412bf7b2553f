using IndexHub.Api.Features.Results;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using Mediator;
using Microsoft.AspNetCore.OutputCaching;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Targets;

/// <summary>Creates a target (an editor's): revision 1, audited.</summary>
public static class CreateTarget
{
    public sealed record Command(TargetInput Input, Author Author) : ICommand<TargetDto>;

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues, TimeProvider clock, IOutputCacheStore cache, DataVersionState dataVersion)
        : ICommandHandler<Command, TargetDto>
    {
        public async ValueTask<TargetDto> Handle(Command command, CancellationToken cancellationToken)
        {
            var (target, errors) = TargetResolution.Resolve(await catalogues.GetAsync(db, cancellationToken), command.Input);
            if (target is null)
            {
                throw new RequestValidationException(errors);
            }
            await TargetStore.RunAsync(db, clock, command.Author, cache, dataVersion, (now, _) =>
            {
                target.Id = 0;
                target.Revision = 1;
                target.CreatedAt = target.UpdatedAt = now;
                db.Targets.Add(target);
                return Task.FromResult<IReadOnlyList<(Persistence.Entities.Target, string, object?)>>([(target, "create", null)]);
            }, cancellationToken);
            return await TargetReader.ShapeAsync(db, await catalogues.GetAsync(db, cancellationToken), target, null, cancellationToken);
        }
    }
}

/// <summary>Replaces what a target states, under If-Match; an unchanged statement writes nothing.</summary>
public static class UpdateTarget
{
    public sealed record Command(int Id, TargetInput Input, string ExpectedETag, Author Author) : ICommand<TargetDto>;

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues, TimeProvider clock, IOutputCacheStore cache, DataVersionState dataVersion)
        : ICommandHandler<Command, TargetDto>
    {
        public async ValueTask<TargetDto> Handle(Command command, CancellationToken cancellationToken)
        {
            var (replacement, errors) = TargetResolution.Resolve(await catalogues.GetAsync(db, cancellationToken), command.Input);
            if (replacement is null)
            {
                throw new RequestValidationException(errors);
            }
            var found = await TargetStore.RunAsync(db, clock, command.Author, cache, dataVersion, async (now, ct) =>
            {
                var stored = await Locate(db, command.Id, command.ExpectedETag, ct);
                if (TargetStore.Same(stored, replacement))
                {
                    return [];
                }
                var before = TargetStore.State(stored);
                TargetStore.CopyStatement(replacement, stored);
                stored.Revision++;
                stored.UpdatedAt = now;
                return [(stored, "update", before)];
            }, cancellationToken);
            var target = await db.Targets.AsNoTracking().SingleAsync(t => t.Id == command.Id, cancellationToken);
            return await TargetReader.ShapeAsync(db, await catalogues.GetAsync(db, cancellationToken), target, null, cancellationToken);
        }
    }

    /// <summary>The target, tracked, with its revision's original value set to the one the client read: the save fails if it moved.</summary>
    internal static async Task<Persistence.Entities.Target> Locate(IndexHubDbContext db, int id, string ifMatch, CancellationToken ct)
    {
        var stored = await db.Targets.SingleOrDefaultAsync(t => t.Id == id && t.DeletedAt == null, ct)
            ?? throw new NotFoundException($"No target has the id {id}.");
        var current = TargetStore.ETag(stored.Id, stored.Revision);
        var tags = ifMatch.Split(',').Select(t => t.Trim().Replace("W/", "", StringComparison.Ordinal)).ToList();
        if (!tags.Contains("*") && !tags.Contains(current))
        {
            throw new PreconditionFailedException($"The target changed since it was read (its ETag is now {current}); read it again and reapply the change.");
        }
        return stored;
    }
}

/// <summary>Deletes a target under If-Match. It stays in its revisions, and the shipped data does not bring it back.</summary>
public static class DeleteTarget
{
    public sealed record Command(int Id, string ExpectedETag, Author Author) : ICommand<Unit>;

    public sealed class Handler(IndexHubDbContext db, TimeProvider clock, IOutputCacheStore cache, DataVersionState dataVersion) : ICommandHandler<Command, Unit>
    {
        public async ValueTask<Unit> Handle(Command command, CancellationToken cancellationToken)
        {
            await TargetStore.RunAsync(db, clock, command.Author, cache, dataVersion, async (now, ct) =>
            {
                var stored = await UpdateTarget.Locate(db, command.Id, command.ExpectedETag, ct);
                var before = TargetStore.State(stored);
                stored.DeletedAt = now;
                stored.Revision++;
                stored.UpdatedAt = now;
                return [(stored, "delete", before)];
            }, cancellationToken);
            return Unit.Value;
        }
    }
}
