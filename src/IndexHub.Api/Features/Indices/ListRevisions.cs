using System.Text.Json;
using FluentValidation;
using IndexHub.Api.Features.Provinces;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Indices;

/// <summary>One accepted write to an index's results.</summary>
public sealed record RevisionDto
{
    /// <example>12</example>
    public required int Revision { get; init; }
    /// <example>2021</example>
    public required int Year { get; init; }
    public required DateTime CreatedAt { get; init; }
    /// <summary>import, update or delete.</summary>
    /// <example>import</example>
    public required string Operation { get; init; }
    /// <summary>The key's name that wrote it.</summary>
    /// <example>Cần Thơ portal editors</example>
    public required string Actor { get; init; }
    public SourceDto? Source { get; init; }
    /// <example>0</example>
    public required int Added { get; init; }
    /// <example>2</example>
    public required int Changed { get; init; }
    /// <example>0</example>
    public required int Deleted { get; init; }
    /// <summary>Each unit whose figures changed: before and after.</summary>
    public required JsonElement Changes { get; init; }
}

public static class ListRevisions
{
    public sealed record Result(Page<RevisionDto>? Revisions, string? NotFound);

    public sealed record Query(string Code, int? Year, int? Page, int? PageSize) : IQuery<Result>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(LimitsOptions limits)
        {
            RuleFor(q => q.Code).NotEmpty().MaximumLength(16);
            RuleFor(q => q.Year).YearWithinGeography();
            this.Paging(q => q.Page, q => q.PageSize, limits);
        }
    }

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues) : IQueryHandler<Query, Result>
    {
        public async ValueTask<Result> Handle(Query query, CancellationToken cancellationToken)
        {
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            var index = catalogue.FindIndex(query.Code);
            if (index is null)
            {
                return new Result(null, catalogue.UnknownIndex(query.Code));
            }
            var revisions = db.Revisions.Where(r => r.IndexId == index.Id && (query.Year == null || r.Year == query.Year));
            var page = await revisions.OrderByDescending(r => r.Id)
                .Select(r => new
                {
                    r.Id, r.Year, r.CreatedAt, r.Operation, r.Actor, r.Added, r.Changed, r.Deleted, r.Changes,
                    Source = r.Source == null ? null : new SourceDto { Url = r.Source.Url, Citation = r.Source.Citation, File = r.Source.File },
                })
                .PageAsync(query.Page, query.PageSize, ListProvinces.DefaultPageSize, r => new RevisionDto
                {
                    Revision = r.Id, Year = r.Year, CreatedAt = DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc), Operation = r.Operation, Actor = r.Actor,
                    Source = r.Source, Added = r.Added, Changed = r.Changed, Deleted = r.Deleted, Changes = Parse(r.Changes),
                }, cancellationToken);
            return new Result(page, null);
        }

        /// <summary>The stored JSON as an element that outlives its document (which returns its pooled buffers).</summary>
        private static JsonElement Parse(string json)
        {
            using var document = JsonDocument.Parse(json);
            return document.RootElement.Clone();
        }
    }
}
