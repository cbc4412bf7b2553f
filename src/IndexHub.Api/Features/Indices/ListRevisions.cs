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
    /// <summary>import, update (a correction) or delete.</summary>
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
    /// <summary>Results whose derived figures alone (ranks, changes, percentiles) moved.</summary>
    /// <example>3</example>
    public required int Recomputed { get; init; }
    /// <example>0</example>
    public required int Deleted { get; init; }
    /// <summary>Published statistics added or replaced.</summary>
    /// <example>0</example>
    public required int Statistics { get; init; }
    /// <summary>Each result the revision changed or recomputed: before and after.</summary>
    public required JsonElement Changes { get; init; }
    /// <summary>Each published statistic the revision added or replaced: before and after.</summary>
    public required JsonElement StatisticChanges { get; init; }
}

public static class ListRevisions
{
    /// <param name="Code">The index code (any case).</param>
    /// <param name="Year">Only the revisions of this year's table (2004-2100).</param>
    /// <param name="Page">Page number, from 1.</param>
    /// <param name="PageSize">Items per page, 1 to 200. Default 100.</param>
    public sealed record Query(
        [ParameterExample("PAR")] string Code,
        [ParameterExample(2023)] int? Year,
        [ParameterExample(1)] int? Page,
        [ParameterExample(100)] int? PageSize) : IQuery<Page<RevisionDto>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(LimitsOptions limits)
        {
            RuleFor(q => q.Code).NotEmpty().MaximumLength(16);
            RuleFor(q => q.Year).YearWithinGeography();
            this.Paging(q => q.Page, q => q.PageSize, limits);
        }
    }

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues) : IQueryHandler<Query, Page<RevisionDto>>
    {
        public async ValueTask<Page<RevisionDto>> Handle(Query query, CancellationToken cancellationToken)
        {
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            var index = catalogue.FindIndex(query.Code);
            if (index is null)
            {
                throw new NotFoundException(catalogue.UnknownIndex(query.Code));
            }
            var revisions = db.Revisions.Where(r => r.IndexId == index.Id && (query.Year == null || r.Year == query.Year));
            var page = await revisions.OrderByDescending(r => r.Id)
                .Select(r => new
                {
                    r.Id, r.Year, r.CreatedAt, r.Operation, r.Actor, r.Added, r.Changed, r.Recomputed, r.Deleted, r.StatisticsChanged, r.Changes, r.SourceId,
                })
                .PageAsync(query.Page, query.PageSize, ListProvinces.DefaultPageSize, r => new RevisionDto
                {
                    Revision = r.Id, Year = r.Year, CreatedAt = DateTime.SpecifyKind(r.CreatedAt, DateTimeKind.Utc), Operation = r.Operation, Actor = r.Actor,
                    Source = r.SourceId is int sourceId ? catalogue.Sources.GetValueOrDefault(sourceId) : null,
                    Added = r.Added, Changed = r.Changed, Recomputed = r.Recomputed, Deleted = r.Deleted, Statistics = r.StatisticsChanged,
                    Changes = Parse(r.Changes, "results"), StatisticChanges = Parse(r.Changes, "statistics"),
                }, cancellationToken);
            return page;
        }

        /// <summary>
        /// A part of the stored JSON as an element that outlives its document (which returns its pooled buffers). Revisions
        /// made before statistics could be imported hold the results' changes as a bare array.
        /// </summary>
        private static JsonElement Parse(string json, string part)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Array)
            {
                return part == "results" ? root.Clone() : JsonDocument.Parse("[]").RootElement.Clone();
            }
            return root.TryGetProperty(part, out var found) ? found.Clone() : JsonDocument.Parse("[]").RootElement.Clone();
        }
    }
}
