using IndexHub.Api.Domain.Results;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using IndexHub.Api.Persistence.Loading;
using EditionEntry = IndexHub.Api.Features.Results.EditionEntry;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Writes;

/// <summary>What the results load read, matched, wrote and skipped (with why).</summary>
public sealed record ResultsLoadOutcome(int RowsRead, int Matched, int ResultsWritten, int ResultsRemoved, IReadOnlyList<SkippedRow> Skipped);

/// <summary>
/// Brings the shipped files' statements into the database through the same merge as an import: each file row is what
/// its source states about a result; the shipped sources' statements follow the files (added, updated, or gone with
/// their row), every statement written through the API stays beside them, and the result shows the figures chosen by
/// precedence. So a restart and an import can never disagree, and a restart never undoes an editor's write. A result
/// deleted through the API stays deleted. The caller runs it inside its transaction and derives afterwards.
/// </summary>
public sealed class ShippedResults(IndexHubDbContext db)
{
    /// <summary>A statement written through the API (an import or a correction), as opposed to one of the shipped files'.</summary>
    private static bool WrittenThroughApi(SourcedStatement statement, HashSet<int> shippedSources) =>
        statement.Metric == "import" || !shippedSources.Contains(statement.SourceId);

    public async Task<ResultsLoadOutcome> SyncAsync(string dataDirectory, CancellationToken ct)
    {
        var data = ResultsSource.Read(dataDirectory);
        var skipped = data.Skipped.ToList();
        var catalogue = await ReferenceCatalogue.LoadAsync(db, ct);
        var sources = await TableMerge.EnsureSourcesAsync(db, catalogue, data.Results.Select(r => Spec(r.Source))
            .Concat(data.Statistics.Select(s => Spec(s.Source))).Concat(data.Facts.Select(f => Spec(f.Source))), ct, shipped: true);
        var shippedSources = sources.Values.Select(s => s.Id).ToHashSet();

        var desired = new Dictionary<ResultKey, List<SourcedStatement>>();
        var order = 0;
        foreach (var record in data.Results)
        {
            if (Resolve(catalogue, record.IndexCode, record.Year, record.Unit, record.CohortCode, out var key, out var why) is not { } edition)
            {
                skipped.Add(new SkippedRow(record.Origin, why));
                continue;
            }
            var (sourceId, kind) = sources[record.Source.Key];
            var list = desired.TryGetValue(key, out var found) ? found : desired[key] = [];
            var statement = new Statement
            {
                SourceId = sourceId, Kind = kind, Sequence = 0, Order = order++,
                Score = record.Score, Status = Explicit(record.Status, record.Score), Rank = record.Rank,
                RankBasis = record.Rank is null ? null : record.RankBasis ?? RankBasis.Explicit,
                TierId = record.Tier is null ? null : catalogue.FindTier(edition.IndexId, record.Tier)?.Id, Note = record.Note, Quote = record.Quote,
                Components = Components(catalogue, edition, record, skipped),
            };
            var index = list.FindIndex(s => s.SourceId == sourceId && s.Metric == record.Metric);
            if (index >= 0)
            {
                // One source stating one result in two rows (a report quoted in two files, a sub-index a row): one statement,
                // unless the rows disagree, which one source cannot.
                var first = list[index].Statement;
                if (!Compatible(first, statement))
                {
                    skipped.Add(new SkippedRow(record.Origin, "disagrees with another row of the same source for the same result"));
                    continue;
                }
                list[index] = list[index] with
                {
                    Statement = first.With(statement with { Order = first.Order, Note = Join(first.Note, statement.Note), Quote = Join(first.Quote, statement.Quote) }),
                };
                continue;
            }
            list.Add(new SourcedStatement(sourceId, record.Metric, statement));
            if (record.Tier is not null && catalogue.FindTier(edition.IndexId, record.Tier) is null)
            {
                skipped.Add(new SkippedRow(record.Origin, $"tier '{record.Tier}' is not one of the index's tiers; the result is kept without it"));
            }
        }

        // Everything held, by key: results are few (thousands), so one read of their statements serves the whole load.
        var held = new Dictionary<ResultKey, ResultState>();
        var ids = await db.Results.AsNoTracking().Where(r => r.Cohort.Kind != CohortKind.Communes).Select(r => r.Id).ToListAsync(ct);
        foreach (var state in (await ResultStates.ReadByIdAsync(db, catalogue, ids, ct)).Values)
        {
            held[state.Key] = state;
        }
        var deletedThroughApi = (await db.ResultHistory.AsNoTracking()
                .Join(db.Revisions.Where(r => r.Operation == "delete"), h => h.ValidToRevisionId, r => r.Id, (h, r) => new { h.EditionId, h.CohortId, h.UnitId, h.Year })
                .ToListAsync(ct))
            .Select(h => new ResultKey(h.EditionId, h.CohortId, h.UnitId, h.Year))
            .Where(k => !held.ContainsKey(k))
            .ToHashSet();

        var changed = new List<ResultState>();
        foreach (var (key, statements) in desired)
        {
            if (deletedThroughApi.Contains(key))
            {
                skipped.Add(new SkippedRow(new RowOrigin("(results)", 0), $"kept as written through the API (deleted): unit {catalogue.Units[key.UnitId].Code} {key.Year}"));
                continue;
            }
            var current = held.GetValueOrDefault(key);
            var kept = current?.Statements.Where(s => WrittenThroughApi(s, shippedSources)) ?? [];
            // A shipped statement that is held keeps its place among its result's statements.
            var next = new ResultState(key, [.. kept, .. statements.Select(s => current?.Statements.FirstOrDefault(h => h.SourceId == s.SourceId && h.Metric == s.Metric) is { } h
                ? s with { Statement = s.Statement with { Order = h.Statement.Order } }
                : s)]);
            if (!next.SameAs(current))
            {
                changed.Add(next);
            }
        }
        // A row dropped from the files takes its source's statement with it; a result no source states any more goes.
        var removed = new List<ResultKey>();
        foreach (var (key, state) in held.Where(h => !desired.ContainsKey(h.Key)))
        {
            var kept = state.Statements.Where(s => WrittenThroughApi(s, shippedSources)).ToList();
            if (kept.Count == state.Statements.Count)
            {
                continue;
            }
            if (kept.Count == 0)
            {
                removed.Add(key);
            }
            else
            {
                changed.Add(state with { Statements = kept });
            }
        }
        if (changed.Count > 0)
        {
            await new EfResultStore(db).UpsertAsync(changed, ct);
        }
        foreach (var key in removed)
        {
            await db.Results.Where(r => r.PreviousResultId != null && db.Results.Any(p => p.Id == r.PreviousResultId && p.EditionId == key.EditionId
                    && p.CohortId == key.CohortId && p.UnitId == key.UnitId && p.Year == key.Year))
                .ExecuteUpdateAsync(set => set.SetProperty(r => r.PreviousResultId, (int?)null), ct);
            await db.Results.Where(r => r.EditionId == key.EditionId && r.CohortId == key.CohortId && r.UnitId == key.UnitId && r.Year == key.Year).ExecuteDeleteAsync(ct);
        }

        await SyncStatisticsAsync(data.Statistics, catalogue, sources, skipped, ct);
        await SyncFactsAsync(data.Facts, catalogue, sources, skipped, ct);
        return new ResultsLoadOutcome(data.RowsRead, desired.Values.Sum(v => v.Count), changed.Count, removed.Count, skipped);
    }

    private static SourceSpec Spec(SourceRef source) =>
        new(source.Url, source.Citation, source.File, source.KindOrClassified, source.Publisher, source.Title, source.Date, source.Carrier);

    /// <summary>Whether two rows of one source can be one statement: no figure stated differently.</summary>
    private static bool Compatible(Statement a, Statement b) =>
        (a.Score is null || b.Score is null || a.Score == b.Score)
        && (a.Rank is null || b.Rank is null || (a.Rank == b.Rank && a.RankBasis == b.RankBasis))
        && a.Components.All(c => !b.Components.TryGetValue(c.Key, out var o) || ((c.Value.Score is null || o.Score is null || c.Value.Score == o.Score)
            && (c.Value.Rank is null || o.Rank is null || c.Value.Rank == o.Rank)));

    private static string? Join(string? a, string? b) =>
        a is null ? b : b is null || a == b || a.Contains(b, StringComparison.Ordinal) ? a : $"{a} | {b}";

    /// <summary>A shipped row's explicit status: only a statement that no score exists (a blank in PAPI's files is "not published").</summary>
    private static ValueStatus? Explicit(ValueStatus status, decimal? score) =>
        score is null && status is not (ValueStatus.Published or ValueStatus.NotInSource) ? status : null;

    private static Dictionary<int, ComponentStatement> Components(ReferenceCatalogue catalogue, EditionEntry edition, ResultRecord record, List<SkippedRow> skipped)
    {
        var values = new Dictionary<int, ComponentStatement>();
        foreach (var (code, value) in record.Components)
        {
            var component = catalogue.Components.Values.FirstOrDefault(c => c.EditionId == edition.Id && c.Code == code);
            if (component is null || !component.Years.Contains(record.Year))
            {
                if (value.Score is not null)
                {
                    skipped.Add(new SkippedRow(record.Origin, $"component {code} is not part of {edition.Code} in {record.Year}; its value {value.Score} is not loaded"));
                }
                continue;
            }
            values[component.Id] = new ComponentStatement(value.Score, Explicit(value.Status, value.Score), value.Rank);
        }
        return values;
    }

    /// <summary>The edition a row's cohort and year imply: the same rule as an import's (<see cref="ReferenceCatalogue.EditionFor"/>).</summary>
    private static EditionEntry? EditionFor(ReferenceCatalogue catalogue, int indexId, int year, int? ownerId) => catalogue.EditionFor(indexId, year, ownerId);

    /// <summary>The edition, cohort and unit a shipped row is about, on the geography of its table's year.</summary>
    private static EditionEntry? Resolve(ReferenceCatalogue catalogue, string indexCode, int year, UnitRef unitRef, string? cohortCode, out ResultKey key, out string why)
    {
        key = default;
        var index = catalogue.FindIndex(indexCode);
        if (index is null)
        {
            why = $"no index has the code {indexCode}";
            return null;
        }
        var date = catalogue.GeographyDate(index.Id, year);
        int? ownerId = null;
        if (unitRef.OwnerCode is not null)
        {
            ownerId = catalogue.FindProvince(unitRef.OwnerCode, date);
            if (ownerId is null)
            {
                why = $"no province had code {unitRef.OwnerCode} on {date:yyyy-MM-dd}";
                return null;
            }
        }
        var edition = EditionFor(catalogue, index.Id, year, ownerId);
        if (edition is null)
        {
            why = $"no edition of {indexCode} covers {year}";
            return null;
        }
        var cohort = cohortCode is not null ? catalogue.FindCohort(cohortCode) : catalogue.NationalCohort(date);
        if (cohort is null)
        {
            why = $"no cohort {cohortCode ?? "of the provinces"} for {year}";
            return null;
        }
        var (unit, error) = ownerId is int owner
            ? catalogue.ResolveOwnUnit(owner, unitRef.Name!, date)
            : unitRef.Code is not null ? catalogue.ResolveProvince(unitRef.Code, date) : catalogue.ResolveProvince(unitRef.Name!, date);
        if (unit is null)
        {
            why = error!;
            return null;
        }
        key = new ResultKey(edition.Id, cohort.Id, unit.Id, year);
        why = "";
        return edition;
    }

    private async Task SyncStatisticsAsync(IReadOnlyList<StatisticRecord> records, ReferenceCatalogue catalogue, Dictionary<string, (int Id, SourceKind Kind)> sources,
        List<SkippedRow> skipped, CancellationToken ct)
    {
        var existing = await db.PublishedStatistics.AsTracking().Where(s => s.ReplacedRevisionId == null).ToListAsync(ct);
        foreach (var record in records)
        {
            var index = catalogue.FindIndex(record.IndexCode);
            var date = index is null ? new DateOnly(record.Year, 12, 31) : catalogue.GeographyDate(index.Id, record.Year);
            var ownerId = record.Owner?.Code is { } ownerCode ? catalogue.FindProvince(ownerCode, date) : null;
            var edition = index is null ? null : EditionFor(catalogue, index.Id, record.Year, ownerId);
            if (edition is null)
            {
                skipped.Add(new SkippedRow(record.Origin, $"no edition of {record.IndexCode} covers {record.Year}"));
                continue;
            }
            int? regionId = null;
            if (record.Scope == StatisticScope.Region && (regionId = catalogue.FindRegionId(record.RegionName!)) is null)
            {
                skipped.Add(new SkippedRow(record.Origin, $"'{record.RegionName}' is not a region"));
                continue;
            }
            var cohort = record.CohortCode is not null ? catalogue.FindCohort(record.CohortCode) : catalogue.NationalCohort(date);
            if (cohort is null)
            {
                skipped.Add(new SkippedRow(record.Origin, $"no cohort {record.CohortCode}"));
                continue;
            }
            var sourceId = sources[record.Source.Key].Id;
            var row = existing.FirstOrDefault(s => s.EditionId == edition.Id && s.Year == record.Year && s.Scope == record.Scope && s.RegionId == regionId
                && s.CohortId == cohort.Id && s.Metric == record.Metric && s.SourceId == sourceId);
            if (row is null)
            {
                row = new PublishedStatistic { EditionId = edition.Id, Year = record.Year, Scope = record.Scope, RegionId = regionId, CohortId = cohort.Id, Metric = record.Metric, SourceId = sourceId };
                db.PublishedStatistics.Add(row);
                existing.Add(row);
            }
            row.Value = record.Value;
            row.PublishedRank = record.Rank;
            row.Note = record.Note;
        }
        await db.SaveChangesAsync(ct);
    }

    private async Task SyncFactsAsync(IReadOnlyList<FactRecord> records, ReferenceCatalogue catalogue, Dictionary<string, (int Id, SourceKind Kind)> sources,
        List<SkippedRow> skipped, CancellationToken ct)
    {
        var existing = await db.PublishedFacts.AsTracking().ToListAsync(ct);
        foreach (var record in records)
        {
            if (Resolve(catalogue, record.IndexCode, record.Year, record.Unit, null, out var key, out var why) is null)
            {
                skipped.Add(new SkippedRow(record.Origin, $"published fact not loaded: {why}"));
                continue;
            }
            var sourceId = sources[record.Source.Key].Id;
            var row = existing.FirstOrDefault(f => f.EditionId == key.EditionId && f.UnitId == key.UnitId && f.Year == record.Year && f.Kind == record.Kind && f.SourceId == sourceId);
            if (row is null)
            {
                row = new PublishedFact { EditionId = key.EditionId, UnitId = key.UnitId, Year = record.Year, Kind = record.Kind, SourceId = sourceId, Text = record.Text };
                db.PublishedFacts.Add(row);
                existing.Add(row);
            }
            row.ComparedToYear = record.ComparedToYear;
            row.Places = record.Places;
            row.Text = record.Text;
        }
        await db.SaveChangesAsync(ct);
    }
}
