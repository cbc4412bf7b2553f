using IndexHub.Api.Domain.Results;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Writes;

/// <summary>What an import did, or (dry run) would do. The counts are those of the revision it made.</summary>
public sealed record ImportOutcomeDto
{
    /// <example>PCI</example>
    public required string Index { get; init; }
    /// <example>2021</example>
    public required int Year { get; init; }
    /// <example>PCI-2021</example>
    public required string Edition { get; init; }
    /// <example>provinces-63</example>
    public required string Cohort { get; init; }
    /// <example>false</example>
    public required bool DryRun { get; init; }
    /// <summary>Rows in the table.</summary>
    /// <example>63</example>
    public required int Rows { get; init; }
    /// <summary>Results the table created.</summary>
    /// <example>0</example>
    public required int Added { get; init; }
    /// <summary>Results whose stated figures or sources the write changed (the table's rows, and the rows whose figures it moved).</summary>
    /// <example>2</example>
    public required int Changed { get; init; }
    /// <summary>Results whose derived figures alone (ranks, changes, percentiles) moved because of the table.</summary>
    /// <example>3</example>
    public required int Recomputed { get; init; }
    /// <summary>Results removed (only a delete removes one).</summary>
    /// <example>0</example>
    public required int Deleted { get; init; }
    /// <summary>Published statistics added or replaced.</summary>
    /// <example>0</example>
    public required int Statistics { get; init; }
    /// <summary>Rows of the table that changed nothing (a row that states only what is held, or states nothing).</summary>
    /// <example>61</example>
    public required int Unchanged { get; init; }
    /// <summary>The revision the import made; null when nothing changed or on a dry run.</summary>
    /// <example>12</example>
    public int? Revision { get; init; }
    /// <example>2 results changed; revision 12.</example>
    public required string Message { get; init; }
}

/// <summary>Imports a published table: every row is what its source states, merged by the write rules (README, "Writes").</summary>
public static class ImportTable
{
    /// <param name="IndexCode">The index the table is of.</param>
    /// <param name="Options">What applies to the whole table.</param>
    /// <param name="Table">The table's rows of cells.</param>
    /// <param name="Author">Who writes.</param>
    public sealed record Command(string IndexCode, ImportOptions Options, ParsedTable Table, Author Author) : ICommand<ImportOutcomeDto?>;

    /// <summary>The route and query string of an import: the index, and what applies to the whole table (a JSON body may state it too).</summary>
    /// <param name="Code">The index code (any case).</param>
    /// <param name="Year">The table's year (or a year column).</param>
    /// <param name="Edition">The edition code, where the year alone does not say (see GET /api/v1/indices/{code}).</param>
    /// <param name="Cohort">A cohort code: provinces-64, provinces-63, provinces-34, or a province's own (01-departments, 01-districts). Default: the national cohort.</param>
    /// <param name="Geography">The day whose provinces the table names; default the year's last day (DTI 2024: 2025-07-01).</param>
    /// <param name="DryRun">Check and report what would change, writing nothing.</param>
    /// <param name="SourcePublisher">The table's publisher, for every row without its own source columns.</param>
    /// <param name="SourceTitle">The table's title.</param>
    /// <param name="SourceUrl">The table's URL.</param>
    /// <param name="SourceDate">The table's publication date.</param>
    /// <param name="SourceKind">Who published the table: publisher (the index's own), official (a government portal), press or secondary (a compiled data set). Decides which figure leads where sources disagree; required.</param>
    public sealed record Request(
        [ParameterExample("PCI")] string Code,
        [ParameterExample(2021)] int? Year,
        [ParameterExample("PCI-2021")] string? Edition,
        [ParameterExample("provinces-63")] string? Cohort,
        [ParameterExample("2021-12-31")] DateOnly? Geography,
        [ParameterExample(true)] bool? DryRun,
        [ParameterExample("VCCI")] string? SourcePublisher,
        [ParameterExample("PCI 2021")] string? SourceTitle,
        [ParameterExample("https://pcivietnam.vn/bang-xep-hang")] string? SourceUrl,
        [ParameterExample("2022-05-05")] DateOnly? SourceDate,
        [ParameterExample("publisher")] string? SourceKind)
    {
        public ImportOptions Options() =>
            new(Year, Edition, Cohort, Geography, DryRun ?? false, new SourceInput(SourcePublisher, SourceTitle, SourceUrl, SourceDate, SourceKind));
    }

    public sealed class Handler(IndexHubDbContext db, ReferenceCatalogues catalogues, WriteTransaction transaction, ResultStores stores)
        : ICommandHandler<Command, ImportOutcomeDto?>
    {
        public async ValueTask<ImportOutcomeDto?> Handle(Command command, CancellationToken cancellationToken)
        {
            var catalogue = await catalogues.GetAsync(db, cancellationToken);
            var table = TableValidator.Validate(command.IndexCode, command.Options, command.Table, catalogue);
            if (table is null)
            {
                return null;
            }
            var source = table.Rows.Select(r => r.Source).Concat(table.Statistics.Select(s => s.Source)).FirstOrDefault();
            var outcome = await transaction.RunAsync(table.Index.Id, table.Year, "import", command.Author, command.Options.DryRun, source, table.Target,
                (context, ct) => TableMerge.ApplyAsync(db, stores, table, context, replace: false, ct), cancellationToken);
            var keys = table.Rows.Select(r => new ResultKey(table.Edition.Id, table.Cohort.Id, r.Unit.Id, table.Year)).ToList();
            var touched = keys.Count(k => outcome.Added.Contains(k) || outcome.Changed.Contains(k));
            var total = outcome.Added.Count + outcome.Changed.Count + outcome.Recomputed.Count + outcome.Deleted + outcome.Statistics;
            return new ImportOutcomeDto
            {
                Index = table.Index.Code, Year = table.Year, Edition = table.Edition.Code, Cohort = table.Cohort.Code, DryRun = command.Options.DryRun,
                Rows = command.Table.Rows.Count, Added = outcome.Added.Count, Changed = outcome.Changed.Count,
                Recomputed = outcome.Recomputed.Count, Deleted = outcome.Deleted, Statistics = outcome.Statistics,
                Unchanged = command.Table.Rows.Count - touched - outcome.Statistics,
                Revision = outcome.Revision,
                Message = total == 0
                    ? "unchanged: every figure of the table is held as stated; nothing was written."
                    : command.Options.DryRun
                        ? $"dry run: {outcome.Added.Count} results would be added, {outcome.Changed.Count} changed and {outcome.Recomputed.Count} recomputed; nothing was written."
                        : $"{outcome.Added.Count} results added, {outcome.Changed.Count} changed, {outcome.Recomputed.Count} recomputed; revision {outcome.Revision}.",
            };
        }
    }
}

/// <summary>
/// Merges a checked table into what is held: each row's statement joins its source's statement of that result (what
/// it states replaces, what it leaves unstated stays), every other source's statement stays, and the result shows the
/// figures chosen by precedence. Statistics a publisher printed are kept per source; a new value replaces the old,
/// which stays readable at earlier revisions.
/// </summary>
public static class TableMerge
{
    /// <param name="db">The write's context.</param>
    /// <param name="stores">The stores, one chosen by the table's size.</param>
    /// <param name="table">The checked table.</param>
    /// <param name="context">The write's catalogue and revision.</param>
    /// <param name="replace">A correction: each row's statement replaces its source's statement whole (PUT).</param>
    /// <param name="ct">Cancellation.</param>
    public static async Task ApplyAsync(IndexHubDbContext db, ResultStores stores, ValidatedTable table, WriteContext context, bool replace, CancellationToken ct)
    {
        var sources = await EnsureSourcesAsync(db, context.Catalogue, table.Rows.Select(r => r.Source).Concat(table.Statistics.Select(s => s.Source)), ct);
        var unitIds = table.Rows.Select(r => r.Unit.Id).ToList();
        var stored = await ResultStates.ReadAsync(db, context.Catalogue, table.Edition.Id, table.Cohort.Id, table.Year, unitIds, ct);
        var changed = new List<ResultState>();
        foreach (var row in table.Rows)
        {
            var held = stored.GetValueOrDefault(row.Unit.Id);
            var state = held ?? new ResultState(new ResultKey(table.Edition.Id, table.Cohort.Id, row.Unit.Id, table.Year), []);
            var (sourceId, kind) = sources[row.Source.Key];
            var statement = new SourcedStatement(sourceId, row.Metric, (row.Statement with { SourceId = sourceId, Kind = kind }).Stamped(context.Sequence));
            var next = replace ? state.Replacing(statement) : state.Stating(statement);
            if (!next.SameAs(held))
            {
                changed.Add(next);
            }
        }
        if (changed.Count > 0)
        {
            await stores.For(changed.Count).UpsertAsync(changed, ct);
        }
        await ApplyStatisticsAsync(db, table, sources, context, ct);
    }

    /// <summary>
    /// The sources a write names, by key: found, or added (with their kind). A source has one kind: a table that names
    /// a held source as another kind is refused; the shipped data, which owns its sources, brings them up to date.
    /// </summary>
    public static async Task<Dictionary<string, (int Id, SourceKind Kind)>> EnsureSourcesAsync(
        IndexHubDbContext db, ReferenceCatalogue catalogue, IEnumerable<SourceSpec> specs, CancellationToken ct, bool shipped = false)
    {
        var found = new Dictionary<string, (int Id, SourceKind Kind)>(StringComparer.Ordinal);
        var added = new List<Source>();
        var tracked = shipped ? await db.Sources.AsTracking().ToDictionaryAsync(s => s.Key, StringComparer.Ordinal, ct) : null;
        foreach (var spec in specs.DistinctBy(s => s.Key))
        {
            if (catalogue.SourcesByKey.TryGetValue(spec.Key, out var held))
            {
                if (shipped)
                {
                    var row = tracked![spec.Key];
                    (row.Kind, row.Publisher, row.Carrier, row.Citation, row.Url) = (spec.Kind, spec.Publisher ?? row.Publisher, spec.Carrier ?? row.Carrier, spec.Citation, spec.Url);
                    (row.Title, row.PublishedOn) = (spec.Title ?? row.Title, spec.Date ?? row.PublishedOn);
                    found[spec.Key] = (held.Id, spec.Kind);
                    continue;
                }
                if (held.Kind != spec.Kind)
                {
                    throw new ImportRejectedException([new ImportError
                    {
                        Row = 0, Column = "source_kind", Value = spec.Kind.ToString().ToLowerInvariant(),
                        Reason = $"this source is held as {held.Kind.ToString().ToLowerInvariant()}: one source has one kind",
                    }]);
                }
                found[spec.Key] = (held.Id, held.Kind);
                continue;
            }
            added.Add(db.Sources.Add(new Source
            {
                Key = spec.Key, Url = spec.Url, Citation = spec.Citation, File = spec.File, Kind = spec.Kind, Publisher = spec.Publisher,
                Title = spec.Title, PublishedOn = spec.Date, Carrier = spec.Carrier,
            }).Entity);
        }
        if (db.ChangeTracker.HasChanges())
        {
            await db.SaveChangesAsync(ct);
        }
        foreach (var source in added)
        {
            found[source.Key] = (source.Id, source.Kind);
        }
        return found;
    }

    private static async Task ApplyStatisticsAsync(
        IndexHubDbContext db, ValidatedTable table, Dictionary<string, (int Id, SourceKind Kind)> sources, WriteContext context, CancellationToken ct)
    {
        if (table.Statistics.Count == 0)
        {
            return;
        }
        var held = await db.PublishedStatistics.AsTracking()
            .Where(s => s.EditionId == table.Edition.Id && s.Year == table.Year && s.CohortId == table.Cohort.Id && s.ReplacedRevisionId == null)
            .ToListAsync(ct);
        foreach (var row in table.Statistics)
        {
            var sourceId = sources[row.Source.Key].Id;
            var current = held.FirstOrDefault(s => s.Scope == row.Scope && s.RegionId == row.RegionId && s.Metric == row.Metric && s.SourceId == sourceId);
            if (current is not null && current.Value == row.Value && current.PublishedRank == (row.Rank ?? current.PublishedRank) && current.Note == (row.Note ?? current.Note))
            {
                continue;
            }
            if (current is not null)
            {
                // The old value stays for reads at earlier revisions; the new one is current. Both are marked with the
                // revision once it is made. Until then the old one is marked replaced by this write's sequence, negated,
                // so that the one current row per source and metric stays unique.
                current.ReplacedRevisionId = -context.Sequence;
                context.StatisticsReplaced.Add(current.Id);
                await db.SaveChangesAsync(ct);
            }
            var added = db.PublishedStatistics.Add(new PublishedStatistic
            {
                EditionId = table.Edition.Id, CohortId = table.Cohort.Id, Year = table.Year, Scope = row.Scope, RegionId = row.RegionId, Metric = row.Metric,
                Value = row.Value, PublishedRank = row.Rank ?? current?.PublishedRank, Note = row.Note ?? current?.Note, SourceId = sourceId,
                CreatedRevisionId = -context.Sequence,
            }).Entity;
            await db.SaveChangesAsync(ct);
            context.StatisticsAdded.Add(added.Id);
            context.StatisticChanges.Add(new
            {
                Scope = row.Scope, Region = row.RegionId is int r ? context.Catalogue.RegionsById[r].Code : null, row.Metric,
                Before = current?.Value, After = row.Value,
            });
        }
        await db.SaveChangesAsync(ct);
    }
}
