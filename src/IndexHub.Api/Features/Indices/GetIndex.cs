using FluentValidation;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using Mapster;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Indices;

public static class GetIndex
{
    /// <param name="Code">The index code: PAR, SIPAS, PCI, PAPI, DTI or DDCI (any case).</param>
    public sealed record Query([ParameterExample("PAPI")] string Code) : IQuery<IndexDto>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator() => RuleFor(q => q.Code).NotEmpty().MaximumLength(16);
    }

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues) : IQueryHandler<Query, IndexDto>
    {
        public async ValueTask<IndexDto> Handle(Query query, CancellationToken cancellationToken)
        {
            // Codes are upper case; "pci" is PCI.
            var code = query.Code.Trim().ToUpperInvariant();
            var index = await db.Indices.Where(i => i.Code == code).AsSplitQuery().ProjectToType<IndexDto>().SingleOrDefaultAsync(cancellationToken);
            return index ?? throw new NotFoundException((await catalogues.GetAsync(db, cancellationToken)).UnknownIndex(query.Code));
        }
    }
}
