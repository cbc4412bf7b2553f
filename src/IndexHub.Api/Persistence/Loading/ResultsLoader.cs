using System.Globalization;
using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Persistence.Loading;

/// <summary>What the results load read, matched to units and editions, and skipped (with why).</summary>
public sealed record ResultsLoadOutcome(int RowsRead, int Matched, IReadOnlyList<SkippedRow> Skipped);

/// <summary>
/// Matches the shipped result rows to editions, cohorts and units (as they were in the table's
/// year) and brings the results, published statistics and published facts in line with them.
/// Several sources for one figure become one result with one observation per source.
/// The caller saves, in its transaction.
/// </summary>
public sealed class ResultsLoader(IndexHubDbContext db)
{
    public async Task<ResultsLoadOutcome> SyncAsync(string dataDirectory, CancellationToken ct)
    {
        var data = ResultsSource.Read(dataDirectory);
        var context = await GeographyResolver.CreateAsync(db, ct);
        var skipped = data.Skipped.ToList();

        var groups = new Dictionary<(IndexEdition Edition, Cohort Cohort, AdministrativeUnit Unit, int Year), List<ResultRecord>>();
        var matched = 0;
        foreach (var record in data.Results)
        {
            if (!context.TryResolve(record.IndexCode, record.Year, record.Unit, record.CohortCode, out var target, out var why))
            {
                skipped.Add(new SkippedRow(record.Origin, why));
                continue;
            }
            matched++;
            var key = (target.Edition, target.Cohort, target.Unit, record.Year);
            if (!groups.TryGetValue(key, out var list))
            {
                groups[key] = list = [];
            }
            list.Add(record);
        }

        var existing = await db.Results
            .Include(r => r.Components)
            .Include(r => r.Observations)
            .AsSplitQuery()
            .ToDictionaryAsync(r => (r.EditionId, r.CohortId, r.UnitId, r.Year), ct);
        // Results written through the API (imported, corrected or deleted: they have a revision or a history)
        // belong to their editors now: a restart or a new release of the shipped files must not undo them.
        var written = (await db.ResultHistory
                .Select(h => new { h.EditionId, h.CohortId, h.UnitId, h.Year })
                .Distinct()
                .ToListAsync(ct))
            .Select(h => (h.EditionId, h.CohortId, h.UnitId, h.Year))
            .Concat(existing.Where(e => e.Value.LastRevisionId is not null).Select(e => e.Key))
            .ToHashSet();
        foreach (var ((edition, cohort, unit, year), records) in groups)
        {
            var key = (edition.Id, cohort.Id, unit.Id, year);
            if (cohort.Id != 0 && written.Contains(key))
            {
                skipped.Add(new SkippedRow(records[0].Origin, "kept as written through the API (see the index's revisions)"));
                continue;
            }
            var result = cohort.Id != 0 && existing.TryGetValue(key, out var found) ? found : null;
            if (result is null)
            {
                result = new Result { Edition = edition, Cohort = cohort, Unit = unit, Year = year };
                db.Results.Add(result);
            }
            Merge(result, edition, records, context, skipped);
        }

        await SyncStatisticsAsync(data.Statistics, context, skipped, ct);
        await SyncFactsAsync(data.Facts, context, skipped, ct);
        return new ResultsLoadOutcome(data.RowsRead, matched, skipped);
    }

    /// <summary>The figures of several sources for one result: the first complete table leads, every source is kept.</summary>
    private static void Merge(Result result, IndexEdition edition, List<ResultRecord> records, GeographyResolver context, List<SkippedRow> skipped)
    {
        var score = records.Select(r => r.Score).FirstOrDefault(s => s is not null);
        result.Score = score;
        result.Status = score is not null ? ValueStatus.Published : records[0].Status;
        result.PublishedRank = records.Select(r => r.Rank).FirstOrDefault(r => r is not null);
        var tierText = records.Select(r => r.Tier).FirstOrDefault(t => t is not null);
        result.Tier = tierText is null ? null : context.Tier(edition, tierText);
        if (tierText is not null && result.Tier is null)
        {
            skipped.Add(new SkippedRow(records[0].Origin, $"tier '{tierText}' is not one of the index's tiers; the result is kept without it"));
        }

        var wanted = new Dictionary<int, (IndexComponent Component, ComponentValue Value)>();
        foreach (var record in records)
        {
            foreach (var (code, value) in record.Components)
            {
                var component = edition.Components.FirstOrDefault(c => c.Code == code);
                var inYear = component is not null
                    && (component.FirstYear is null || component.FirstYear <= result.Year)
                    && (component.LastYear is null || component.LastYear >= result.Year);
                if (component is null || !inYear)
                {
                    if (value.Score is not null)
                    {
                        skipped.Add(new SkippedRow(record.Origin, $"component {code} is not part of {edition.Code} in {result.Year}; its value {value.Score} is not loaded"));
                    }
                    continue;
                }
                if (!wanted.TryGetValue(component.Id, out var current) || (current.Value.Score is null && value.Score is not null))
                {
                    wanted[component.Id] = (component, value with { Rank = value.Rank ?? current.Value?.Rank });
                }
            }
        }
        foreach (var stale in result.Components.Where(c => !wanted.ContainsKey(c.ComponentId)).ToList())
        {
            result.Components.Remove(stale);
        }
        foreach (var (componentId, (component, value)) in wanted)
        {
            var row = result.Components.FirstOrDefault(c => c.ComponentId == componentId);
            if (row is null)
            {
                row = new ResultComponent { Component = component };
                result.Components.Add(row);
            }
            row.Score = value.Score;
            row.Status = value.Status;
            row.PublishedRank = value.Rank;
        }

        var observations = new List<(Source Source, ResultRecord Record)>();
        foreach (var record in records)
        {
            var source = context.Source(record.Source);
            if (observations.Any(o => o.Source == source && o.Record.Metric == record.Metric))
            {
                skipped.Add(new SkippedRow(record.Origin, "repeats a row of the same source for the same result"));
                continue;
            }
            observations.Add((source, record));
        }
        foreach (var stale in result.Observations.Where(o => !observations.Any(w => w.Source.Id == o.SourceId && w.Source.Id != 0 && w.Record.Metric == o.Metric)).ToList())
        {
            result.Observations.Remove(stale);
        }
        foreach (var (source, record) in observations)
        {
            var row = result.Observations.FirstOrDefault(o => o.SourceId == source.Id && source.Id != 0 && o.Metric == record.Metric);
            if (row is null)
            {
                row = new ResultObservation { Source = source, Metric = record.Metric };
                result.Observations.Add(row);
            }
            row.Score = record.Score;
            row.Rank = record.Rank;
            row.Note = record.Note;
        }
    }

    private async Task SyncStatisticsAsync(IReadOnlyList<StatisticRecord> records, GeographyResolver context, List<SkippedRow> skipped, CancellationToken ct)
    {
        var existing = await db.PublishedStatistics.ToListAsync(ct);
        foreach (var record in records)
        {
            var edition = context.Edition(record.IndexCode, record.Year, record.Owner?.Code);
            if (edition is null)
            {
                skipped.Add(new SkippedRow(record.Origin, $"no edition of {record.IndexCode} covers {record.Year}"));
                continue;
            }
            Region? region = null;
            if (record.Scope == StatisticScope.Region && (region = context.Region(record.RegionName!)) is null)
            {
                skipped.Add(new SkippedRow(record.Origin, $"'{record.RegionName}' is not a region"));
                continue;
            }
            var cohort = record.CohortCode is not null
                ? context.InternalCohort(record.CohortCode, record.Owner!.Code!)
                : context.NationalCohort(record.IndexCode, record.Year);
            var source = context.Source(record.Source);
            var row = existing.FirstOrDefault(s =>
                s.EditionId == edition.Id && s.Year == record.Year && s.Scope == record.Scope && s.RegionId == region?.Id
                && s.CohortId == cohort.Id && cohort.Id != 0 && s.Metric == record.Metric && s.SourceId == source.Id && source.Id != 0);
            if (row is null)
            {
                row = new PublishedStatistic { Edition = edition, Year = record.Year, Scope = record.Scope, Region = region, Cohort = cohort, Metric = record.Metric, Source = source };
                db.PublishedStatistics.Add(row);
                existing.Add(row);
            }
            row.Value = record.Value;
            row.PublishedRank = record.Rank;
            row.Note = record.Note;
        }
    }

    private async Task SyncFactsAsync(IReadOnlyList<FactRecord> records, GeographyResolver context, List<SkippedRow> skipped, CancellationToken ct)
    {
        var existing = await db.PublishedFacts.ToListAsync(ct);
        foreach (var record in records)
        {
            if (!context.TryResolve(record.IndexCode, record.Year, record.Unit, null, out var target, out var why))
            {
                skipped.Add(new SkippedRow(record.Origin, $"published fact not loaded: {why}"));
                continue;
            }
            var source = context.Source(record.Source);
            var row = existing.FirstOrDefault(f =>
                f.EditionId == target.Edition.Id && f.UnitId == target.Unit.Id && f.Year == record.Year && f.Kind == record.Kind
                && f.SourceId == source.Id && source.Id != 0);
            if (row is null)
            {
                row = new PublishedFact { Edition = target.Edition, Unit = target.Unit, Year = record.Year, Kind = record.Kind, Source = source, Text = record.Text };
                db.PublishedFacts.Add(row);
                existing.Add(row);
            }
            row.ComparedToYear = record.ComparedToYear;
            row.Places = record.Places;
            row.Text = record.Text;
        }
    }
}
