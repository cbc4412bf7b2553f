using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Mapster;
using Microsoft.EntityFrameworkCore;
using System.Linq.Expressions;

namespace IndexHub.Api.Features.Results;

/// <summary>A result as the result queries read it: one projection, shaped by each query into its DTO.</summary>
public sealed record ResultRead
{
    public int Id { get; init; }
    public int Year { get; init; }
    public int EditionId { get; init; }
    public required string EditionCode { get; init; }
    public required string EditionName { get; init; }
    public int EditionIndexId { get; init; }
    public int CohortId { get; init; }
    public required string CohortCode { get; init; }
    public int? CohortSize { get; init; }
    public int UnitId { get; init; }
    public required string UnitCode { get; init; }
    public required string UnitName { get; init; }
    public UnitType UnitType { get; init; }
    public DateOnly? UnitValidFrom { get; init; }
    public DateOnly? UnitValidTo { get; init; }
    public int? UnitRegionId { get; init; }
    public string? UnitRegionCode { get; init; }
    public required List<OfficialNameRead> UnitNames { get; init; }
    public decimal? Score { get; init; }
    public ValueStatus Status { get; init; }
    public int? PublishedRank { get; init; }
    public int? ComputedRank { get; init; }
    public decimal? Percentile { get; init; }
    public string? TierCode { get; init; }
    public string? TierNameVi { get; init; }
    public string? TierNameEn { get; init; }
    public int? PreviousResultYear { get; init; }
    public decimal? PreviousResultScore { get; init; }
    public int? PreviousResultPublishedRank { get; init; }
    public int? PreviousResultComputedRank { get; init; }
    public decimal? ScoreChange { get; init; }
    public int? RankChange { get; init; }
    public bool? Comparable { get; init; }
    public string? ComparabilityNote { get; init; }
    public bool HasConflict { get; init; }
    public int? CreatedRevisionId { get; init; }
    public int? LastRevisionId { get; init; }
    public required List<ComponentRead> Components { get; init; }
    public required List<ObservationRead> Observations { get; init; }

    /// <summary>The rank to show: the publisher's where given, else IndexHub's over a complete cohort.</summary>
    public int? Rank => PublishedRank ?? ComputedRank;

    /// <summary>The unit's name in the result's year: Thừa Thiên Huế in 2023.</summary>
    public string NameInYear => UnitNames.FirstOrDefault(n => new Validity(n.ValidFrom, n.ValidTo).Contains(new DateOnly(Year, 12, 31)))?.Value ?? UnitName;
}

public sealed record OfficialNameRead(string Value, DateOnly? ValidFrom, DateOnly? ValidTo);

public sealed record ComponentRead
{
    public int ComponentId { get; init; }
    public required string ComponentCode { get; init; }
    public required string ComponentNameVi { get; init; }
    public required string ComponentNameEn { get; init; }
    public int ComponentOrder { get; init; }
    public decimal? Score { get; init; }
    public ValueStatus Status { get; init; }
    public int? PublishedRank { get; init; }
    public int? ComputedRank { get; init; }
}

public sealed record ObservationRead
{
    public required string Metric { get; init; }
    public decimal? Score { get; init; }
    public int? Rank { get; init; }
    public string? Note { get; init; }
    public string? SourceUrl { get; init; }
    public string? SourceCitation { get; init; }
    public required string SourceFile { get; init; }
}

public sealed class ResultReadMapping : IRegister
{
    public void Register(TypeAdapterConfig config)
    {
        config.NewConfig<Result, ResultRead>()
            .Map(d => d.UnitNames, s => s.Unit.Names.Where(n => n.Kind == UnitNameKind.Official).Select(n => new OfficialNameRead(n.Value, n.ValidFrom, n.ValidTo)))
            .Map(d => d.Components, s => s.Components.OrderBy(c => c.Component.Order));
    }
}

/// <summary>Reads results in the one shape every result query starts from.</summary>
public static class ResultReader
{
    /// <summary>The results' own columns; their lists are read by result id afterwards.</summary>
    private static readonly TypeAdapterConfig Core = CoreConfig();

    private static TypeAdapterConfig CoreConfig()
    {
        var config = TypeAdapterConfig.GlobalSettings.Clone();
        config.ForType<Result, ResultRead>().Ignore(d => d.UnitNames, d => d.Components, d => d.Observations);
        config.Compile();
        return config;
    }

    /// <summary>
    /// The results a filter selects, then their components, sources and the units' official names, each read by
    /// id list through its index. (EF Core's split queries would repeat the filter's joins for every list, which
    /// beside millions of component values made PostgreSQL scan them all.)
    /// </summary>
    public static async Task<List<ResultRead>> ReadResultsAsync(this IndexHubDbContext db, Expression<Func<Result, bool>> filter, CancellationToken ct)
    {
        var rows = await db.Results.Where(filter).ProjectToType<ResultRead>(Core).ToListAsync(ct);
        if (rows.Count == 0)
        {
            return rows;
        }
        var ids = rows.Select(r => r.Id).ToList();
        var unitIds = rows.Select(r => r.UnitId).Distinct().ToList();
        var components = (await db.ResultComponents.Where(c => ids.Contains(c.ResultId))
                .Select(c => new
                {
                    c.ResultId,
                    Read = new ComponentRead
                    {
                        ComponentId = c.ComponentId, ComponentCode = c.Component.Code, ComponentNameVi = c.Component.NameVi,
                        ComponentNameEn = c.Component.NameEn, ComponentOrder = c.Component.Order,
                        Score = c.Score, Status = c.Status, PublishedRank = c.PublishedRank, ComputedRank = c.ComputedRank,
                    },
                })
                .ToListAsync(ct))
            .ToLookup(c => c.ResultId, c => c.Read);
        var observations = (await db.ResultObservations.Where(o => ids.Contains(o.ResultId))
                .OrderBy(o => o.Id)
                .Select(o => new
                {
                    o.ResultId,
                    Read = new ObservationRead
                    {
                        Metric = o.Metric, Score = o.Score, Rank = o.Rank, Note = o.Note,
                        SourceUrl = o.Source.Url, SourceCitation = o.Source.Citation, SourceFile = o.Source.File,
                    },
                })
                .ToListAsync(ct))
            .ToLookup(o => o.ResultId, o => o.Read);
        var names = (await db.UnitNames.Where(n => unitIds.Contains(n.UnitId) && n.Kind == UnitNameKind.Official)
                .OrderBy(n => n.Id)
                .Select(n => new { n.UnitId, Read = new OfficialNameRead(n.Value, n.ValidFrom, n.ValidTo) })
                .ToListAsync(ct))
            .ToLookup(n => n.UnitId, n => n.Read);
        return [.. rows.Select(r => r with
        {
            Components = [.. components[r.Id].OrderBy(c => c.ComponentOrder)],
            Observations = [.. observations[r.Id]],
            UnitNames = [.. names[r.UnitId]],
        })];
    }
}
