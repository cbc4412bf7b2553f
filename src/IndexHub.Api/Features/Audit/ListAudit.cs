using IndexHub.Api.Features.Writes;
using FluentValidation;
using IndexHub.Api.Features.Keys;
using IndexHub.Api.Features.Provinces;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Audit;

/// <summary>One write: who, when, what, before and after, and under which request.</summary>
public sealed record AuditEntryDto
{
    /// <example>41</example>
    public required int Id { get; init; }
    public required DateTime At { get; init; }
    /// <example>Cần Thơ portal editors</example>
    public required string Actor { get; init; }
    /// <example>3</example>
    public int? ApiKeyId { get; init; }
    /// <summary>import, update, delete, key.create, key.revoke.</summary>
    /// <example>import</example>
    public required string Operation { get; init; }
    /// <example>PCI 2021 provinces-63</example>
    public required string Target { get; init; }
    /// <summary>The state before, as JSON.</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(ContractRules.MaxDocumentLength)]
    public string? Before { get; init; }
    /// <summary>The state after, as JSON.</summary>
    [System.ComponentModel.DataAnnotations.MaxLength(ContractRules.MaxDocumentLength)]
    public string? After { get; init; }
    /// <example>4bf92f3577b34da6a3ce929d0e0e4736</example>
    public string? RequestId { get; init; }
    /// <example>12</example>
    public int? Revision { get; init; }
}

public static class ListAudit
{
    /// <param name="Operation">import, update, delete, key.create or key.revoke.</param>
    /// <param name="Actor">The key name (or cli:user) that wrote.</param>
    /// <param name="From">From this time (UTC).</param>
    /// <param name="To">Until this time (UTC).</param>
    /// <param name="Page">Page number, from 1.</param>
    /// <param name="PageSize">Items per page, 1 to 200. Default 100.</param>
    public sealed record Query(
        [ParameterExample("import")] string? Operation,
        [ParameterExample("Portal editors")] string? Actor,
        [ParameterExample("2026-01-01T00:00:00Z")] DateTime? From,
        [ParameterExample("2026-12-31T23:59:59Z")] DateTime? To,
        [ParameterExample(1)] int? Page,
        [ParameterExample(100)] int? PageSize) : IQuery<Page<AuditEntryDto>>;

    public sealed class Validator : AbstractValidator<Query>
    {
        public Validator(LimitsOptions limits)
        {
            RuleFor(q => q.Operation).MaximumLength(32);
            RuleFor(q => q.Actor).MaximumLength(200);
            RuleFor(q => q.To).GreaterThanOrEqualTo(q => q.From).When(q => q.From is not null && q.To is not null).WithMessage("must not be before from.");
            this.Paging(q => q.Page, q => q.PageSize, limits);
        }
    }

    public sealed class Handler(IndexHubDbContext db) : IQueryHandler<Query, Page<AuditEntryDto>>
    {
        public async ValueTask<Page<AuditEntryDto>> Handle(Query query, CancellationToken cancellationToken)
        {
            var entries = db.AuditEntries.AsQueryable();
            if (query.Operation is not null)
            {
                entries = entries.Where(e => e.Operation == query.Operation);
            }
            if (query.Actor is not null)
            {
                entries = entries.Where(e => e.Actor == query.Actor);
            }
            if (query.From is DateTime from)
            {
                var utc = from.ToUniversalTime();
                entries = entries.Where(e => e.At >= utc);
            }
            if (query.To is DateTime to)
            {
                var utc = to.ToUniversalTime();
                entries = entries.Where(e => e.At <= utc);
            }
            return await entries.OrderByDescending(e => e.Id)
                .Select(e => new AuditEntryDto
                {
                    Id = e.Id, At = DateTime.SpecifyKind(e.At, DateTimeKind.Utc), Actor = e.Actor, ApiKeyId = e.ApiKeyId, Operation = e.Operation, Target = e.Target,
                    Before = e.Before, After = e.After, RequestId = e.RequestId, Revision = e.RevisionId,
                })
                .PageAsync(query.Page, query.PageSize, ListProvinces.DefaultPageSize, e => e, cancellationToken);
        }
    }

    public static RouteGroupBuilder MapAuditEndpoints(this RouteGroupBuilder api)
    {
        api.MapGet("/admin/audit", async ([AsParameters] Query query, ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(query, ct)))
            .RequireAuthorization(AuthorizationSetup.AdminPolicy)
            .WithTags("Admin")
            .WithName("ListAudit")
            .WithSummary("The audit log of every write (admin key)")
            .WithDescription("Newest first: key, time, operation, target, the before and after, the request id and the revision. Filter by operation, actor and a time range (UTC).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        return api;
    }
}
