using FluentValidation;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Persistence;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Indices;

public static class GetIndex
{
    public sealed record Result(IndexDto? Index, string? NotFound);

    public sealed record Query(string Code) : IQuery<Result>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Code).NotEmpty().MaximumLength(16);
    }

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            // Codes are upper case; "pci" is PCI.
            var code = query.Code.Trim().ToUpperInvariant();
            var index = await db.Indices.Where(i => i.Code == code).AsSplitQuery().ProjectToType<IndexDto>().SingleOrDefaultAsync(cancellationToken);
            return index is not null ? new Result(index, null) : new Result(null, (await catalogues.GetAsync(db, cancellationToken)).UnknownIndex(query.Code));
        }
    }
}
