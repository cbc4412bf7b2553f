using System.Globalization;
using IndexHub.Api.Features.Keys;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using IndexHub.Api.Persistence.Loading;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Imports;

/// <summary>One problem with an imported table: where, what, and why.</summary>
public sealed record ImportError
{
    /// <summary>The data row, from 1; 0 for the header or the import's options.</summary>
    /// <example>3</example>
    public required int Row { get; init; }
    /// <example>unit</example>
    public required string Column { get; init; }
    /// <example>Atlantis</example>
    public string? Value { get; init; }
    /// <example>unknown unit: no province is called 'Atlantis'</example>
    public required string Reason { get; init; }
}

/// <summary>A table with errors: nothing was written, and every error is listed.</summary>
public sealed class ImportRejectedException(IReadOnlyList<ImportError> errors) : Exception("The table has errors; nothing was written.")
{
    public IReadOnlyList<ImportError> Errors { get; } = errors;
}

/// <summary>Where the table was published.</summary>
public sealed record SourceInput(string? Publisher, string? Title, string? Url, DateOnly? Date);

/// <summary>What applies to the whole table.</summary>
public sealed record ImportOptions(int? Year, string? Edition, string? Cohort, DateOnly? Geography, bool DryRun, SourceInput? Source);

/// <summary>A row as given: cells by column name (lower case).</summary>
public sealed record ImportRow(int Row, IReadOnlyDictionary<string, string> Cells);

/// <summary>What an import did, or (dry run) would do.</summary>
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
    /// <summary>Rows that created a result.</summary>
    /// <example>0</example>
    public required int Added { get; init; }
    /// <summary>Rows that changed a result's figures.</summary>
    /// <example>2</example>
    public required int Changed { get; init; }
    /// <summary>Rows identical to what is held.</summary>
    /// <example>61</example>
    public required int Unchanged { get; init; }
    /// <summary>Other results whose ranks, changes or percentiles follow from the table.</summary>
    /// <example>3</example>
    public required int Recomputed { get; init; }
    /// <summary>The revision the import made; null when nothing changed or on a dry run.</summary>
    /// <example>12</example>
    public int? Revision { get; init; }
    /// <example>2 rows changed; revision 12.</example>
    public required string Message { get; init; }
}

public static class ImportTable
{
    public static readonly string[] UnitColumns = ["unit", "unit_code", "unit_name", "province", "province_name", "province_code", "code", "name"];
    public static readonly string[] KnownColumns =
        [.. UnitColumns, "year", "score", "rank", "tier", "status", "note", "source_publisher", "source_title", "source_url", "source_date"];

    /// <param name="IndexCode">The index the table is of.</param>
    /// <param name="Options">What applies to the whole table.</param>
    /// <param name="Columns">The table's columns, lower case.</param>
    /// <param name="Rows">The table's rows.</param>
    /// <param name="Writer">Who writes.</param>
    /// <param name="Operation">import, or update for a single correction.</param>
    /// <param name="Precondition">Checked under the write lock before anything changes (If-Match on a correction).</param>
    public sealed record Command(
        string IndexCode, ImportOptions Options, IReadOnlyList<string> Columns, IReadOnlyList<ImportRow> Rows, Writer Writer,
        string Operation = "import", Func<CancellationToken, Task>? Precondition = null)
        : ICommand<ImportOutcomeDto?>;

    /// <summary>A row that passed every check, ready to write.</summary>
    private sealed record ValidRow(int Row, AdministrativeUnit Unit, decimal? Score, ValueStatus Status, int? Rank, IndexTier? Tier,
        IReadOnlyList<(IndexComponent Component, decimal? Score, ValueStatus Status)> Components, SourceRef Source, string? Note);

    public sealed class Handler(IndexHubDbContext db, ResultWriter writer, ImportLimits limits, ILogger<Handler> logger) : ICommandHandler<Command, ImportOutcomeDto?>
    {
        public async ValueTask<ImportOutcomeDto?> Handle(Command command, CancellationToken cancellationToken)
        {
            var validating = System.Diagnostics.Stopwatch.StartNew();
            var resolver = await GeographyResolver.CreateAsync(db, cancellationToken);
            var index = resolver.Index(command.IndexCode);
            if (index is null)
            {
                return null;
            }
            var errors = new List<ImportError>();
            foreach (var row in command.Rows)
            {
                foreach (var (column, value) in row.Cells.Where(c => c.Value.Contains('\0', StringComparison.Ordinal)))
                {
                    errors.Add(new ImportError { Row = row.Row, Column = column, Value = value.Replace("\0", "\\0", StringComparison.Ordinal), Reason = "contains a NUL character" });
                }
            }
            var source = command.Options.Source;
            if (new[] { source?.Publisher, source?.Title, source?.Url, command.Options.Edition, command.Options.Cohort }.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
            {
                errors.Add(new ImportError { Row = 0, Column = "source", Reason = "contains a NUL character" });
            }
            if (errors.Count > 0)
            {
                throw new ImportRejectedException(errors);
            }
            var plan = Validate(command, index, resolver, errors);
            if (errors.Count > 0 || plan is null)
            {
                throw new ImportRejectedException(errors);
            }
            var (edition, cohort, year, rows) = plan.Value;
            logger.LogInformation("Import of {Index} {Year}: {Rows} rows validated in {Milliseconds} ms", index.Code, year, rows.Count, validating.ElapsedMilliseconds);
            var cohortCode = cohort.Code;
            var outcome = await writer.WriteAsync(index.Id, year, command.Operation, command.Writer, command.Options.DryRun,
                rows.Select(r => r.Source).FirstOrDefault(), $"{index.Code} {year} {cohortCode}",
                async ct =>
                {
                    if (command.Precondition is not null)
                    {
                        await command.Precondition(ct);
                    }
                    await ApplyAsync(edition, cohort, year, rows, ct);
                }, cancellationToken);

            var keys = rows.Select(r => (edition.Id, CohortId: cohort.Id, UnitId: r.Unit.Id, year)).ToList();
            var added = keys.Count(k => outcome.Added.Contains(k));
            var changed = keys.Count(k => outcome.Changed.Contains(k));
            var recomputed = outcome.Added.Count + outcome.Changed.Count - added - changed;
            return new ImportOutcomeDto
            {
                Index = index.Code, Year = year, Edition = edition.Code, Cohort = cohortCode, DryRun = command.Options.DryRun,
                Rows = rows.Count, Added = added, Changed = changed, Unchanged = rows.Count - added - changed, Recomputed = recomputed,
                Revision = outcome.Revision,
                Message = (added + changed + recomputed) == 0
                    ? "unchanged: the table is identical to what is held; nothing was written."
                    : command.Options.DryRun
                        ? $"dry run: {added} rows would be added and {changed} changed; nothing was written."
                        : $"{added} rows added and {changed} changed; revision {outcome.Revision}.",
            };
        }

        private async Task ApplyAsync(IndexEdition edition, Cohort cohort, int year, List<ValidRow> rows, CancellationToken ct)
        {
            // Entities read before the writer's transaction belong to another tracking context: attach by id.
            var editionId = edition.Id;
            var trackedCohort = cohort.Id == 0
                ? db.Cohorts.Add(new Cohort { Code = cohort.Code, Name = cohort.Name, Kind = cohort.Kind, Size = cohort.Size, OwnerUnitId = cohort.OwnerUnitId }).Entity
                : await db.Cohorts.SingleAsync(c => c.Id == cohort.Id, ct);
            if (db.Database.IsNpgsql() && rows.Count >= limits.BulkCopyFromRows)
            {
                await BulkApplyAsync(editionId, trackedCohort, year, rows, ct);
                return;
            }
            var unitIds = rows.Select(r => r.Unit.Id).ToList();
            var existing = trackedCohort.Id == 0
                ? []
                : await db.Results.Include(r => r.Components).Include(r => r.Observations).AsSplitQuery()
                    .Where(r => r.EditionId == editionId && r.CohortId == trackedCohort.Id && r.Year == year && unitIds.Contains(r.UnitId))
                    .ToListAsync(ct);
            var sources = new Dictionary<string, Source>();
            var byUnit = existing.ToDictionary(r => r.UnitId);
            foreach (var row in rows)
            {
                var result = byUnit.GetValueOrDefault(row.Unit.Id);
                if (result is null)
                {
                    result = new Result { EditionId = editionId, Cohort = trackedCohort, UnitId = row.Unit.Id, Year = year };
                    db.Results.Add(result);
                }
                result.Score = row.Score;
                result.Status = row.Status;
                result.PublishedRank = row.Rank;
                result.TierId = row.Tier?.Id;
                foreach (var (component, score, status) in row.Components)
                {
                    var value = result.Components.SingleOrDefault(c => c.ComponentId == component.Id);
                    if (value is null)
                    {
                        value = new ResultComponent { ComponentId = component.Id };
                        result.Components.Add(value);
                    }
                    value.Score = score;
                    value.Status = status;
                }
                if (!sources.TryGetValue(row.Source.Key, out var source))
                {
                    source = await db.Sources.AsTracking().SingleOrDefaultAsync(s => s.Key == row.Source.Key, ct)
                        ?? db.Sources.Add(new Source { Key = row.Source.Key, Url = row.Source.Url, Citation = row.Source.Citation, File = row.Source.File }).Entity;
                    sources[row.Source.Key] = source;
                }
                var observation = result.Observations.SingleOrDefault(o => o.SourceId == source.Id && source.Id != 0 && o.Metric == "import");
                if (observation is null)
                {
                    observation = new ResultObservation { Source = source, Metric = "import" };
                    result.Observations.Add(observation);
                }
                observation.Score = row.Score;
                observation.Rank = row.Rank;
                observation.Note = row.Note;
            }
        }

        /// <summary>
        /// The same changes as the EF Core path, for large tables: rows, component values and observations are
        /// copied (binary COPY) into temporary tables of this transaction, then merged with one INSERT ... ON CONFLICT
        /// each. The writer's snapshots, recomputation, revision and history around it are unchanged.
        /// </summary>
        private async Task BulkApplyAsync(int editionId, Cohort cohort, int year, List<ValidRow> rows, CancellationToken ct)
        {
            var sources = new Dictionary<string, Source>();
            foreach (var row in rows)
            {
                if (!sources.ContainsKey(row.Source.Key))
                {
                    sources[row.Source.Key] = await db.Sources.AsTracking().SingleOrDefaultAsync(s => s.Key == row.Source.Key, ct)
                        ?? db.Sources.Add(new Source { Key = row.Source.Key, Url = row.Source.Url, Citation = row.Source.Citation, File = row.Source.File }).Entity;
                }
            }
            await db.SaveChangesAsync(ct); // ids for a new cohort and new sources

            var connection = (Npgsql.NpgsqlConnection)db.Database.GetDbConnection();
            await db.Database.ExecuteSqlRawAsync("""
                CREATE TEMPORARY TABLE import_results (unit_id integer, score numeric, status varchar(32), published_rank integer, tier_id integer) ON COMMIT DROP;
                CREATE TEMPORARY TABLE import_components (unit_id integer, component_id integer, score numeric, status varchar(32)) ON COMMIT DROP;
                CREATE TEMPORARY TABLE import_observations (unit_id integer, source_id integer, score numeric, rank integer, note text) ON COMMIT DROP;
                """, ct);
            await using (var copy = await connection.BeginBinaryImportAsync("COPY import_results FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var row in rows)
                {
                    await copy.WriteRowAsync(ct, row.Unit.Id, row.Score, row.Status.ToString(), row.Rank, row.Tier?.Id);
                }
                await copy.CompleteAsync(ct);
            }
            await using (var copy = await connection.BeginBinaryImportAsync("COPY import_components FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var row in rows)
                {
                    foreach (var (component, score, status) in row.Components)
                    {
                        await copy.WriteRowAsync(ct, row.Unit.Id, component.Id, score, status.ToString());
                    }
                }
                await copy.CompleteAsync(ct);
            }
            await using (var copy = await connection.BeginBinaryImportAsync("COPY import_observations FROM STDIN (FORMAT BINARY)", ct))
            {
                foreach (var row in rows)
                {
                    await copy.WriteRowAsync(ct, row.Unit.Id, sources[row.Source.Key].Id, row.Score, row.Rank, row.Note);
                }
                await copy.CompleteAsync(ct);
            }
            // A temporary table has no statistics until analysed: without them the merges below plan badly.
            await db.Database.ExecuteSqlRawAsync("ANALYZE import_results; ANALYZE import_components; ANALYZE import_observations;", ct);
            var cohortId = cohort.Id;
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO results ("EditionId", "CohortId", "UnitId", "Year", "Score", "Status", "PublishedRank", "TierId", "HasConflict")
                SELECT {editionId}, {cohortId}, unit_id, {year}, score, status, published_rank, tier_id, false FROM import_results
                ON CONFLICT ("EditionId", "CohortId", "Year", "UnitId") DO UPDATE
                SET "Score" = EXCLUDED."Score", "Status" = EXCLUDED."Status", "PublishedRank" = EXCLUDED."PublishedRank", "TierId" = EXCLUDED."TierId"
                """, ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO result_components ("ResultId", "ComponentId", "Score", "Status")
                SELECT r."Id", s.component_id, s.score, s.status FROM import_components s
                JOIN results r ON r."EditionId" = {editionId} AND r."CohortId" = {cohortId} AND r."Year" = {year} AND r."UnitId" = s.unit_id
                ON CONFLICT ("ResultId", "ComponentId") DO UPDATE SET "Score" = EXCLUDED."Score", "Status" = EXCLUDED."Status"
                """, ct);
            await db.Database.ExecuteSqlAsync($"""
                INSERT INTO result_observations ("ResultId", "SourceId", "Metric", "Score", "Rank", "Note")
                SELECT r."Id", s.source_id, 'import', s.score, s.rank, s.note FROM import_observations s
                JOIN results r ON r."EditionId" = {editionId} AND r."CohortId" = {cohortId} AND r."Year" = {year} AND r."UnitId" = s.unit_id
                ON CONFLICT ("ResultId", "SourceId", "Metric") DO UPDATE SET "Score" = EXCLUDED."Score", "Rank" = EXCLUDED."Rank", "Note" = EXCLUDED."Note"
                """, ct);
        }

        private static (IndexEdition Edition, Cohort Cohort, int Year, List<ValidRow> Rows)? Validate(
            Command command, IndexDefinition index, GeographyResolver resolver, List<ImportError> errors)
        {
            var options = command.Options;
            void Error(int row, string column, string? value, string reason) =>
                errors.Add(new ImportError { Row = row, Column = column, Value = value, Reason = reason });

            if (command.Rows.Count == 0)
            {
                Error(0, "rows", null, "the table has no rows");
                return null;
            }
            var unitColumn = command.Columns.FirstOrDefault(c => UnitColumns.Contains(c));
            if (unitColumn is null)
            {
                Error(0, "unit", null, "no unit column: name the unit by code or by name in a column called unit");
            }

            // One year per import: revisions, ranks and changes are per year.
            var years = command.Rows.Select(r => (r.Row, Text: r.Cells.GetValueOrDefault("year") ?? options.Year?.ToString(CultureInfo.InvariantCulture))).ToList();
            int? year = options.Year;
            foreach (var (row, text) in years)
            {
                if (string.IsNullOrWhiteSpace(text))
                {
                    Error(row, "year", null, "no year: give a year column or the year option");
                    continue;
                }
                if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1990 || parsed > 2100)
                {
                    Error(row, "year", text, "not a year from 1990 to 2100");
                    continue;
                }
                year ??= parsed;
                if (parsed != year)
                {
                    Error(row, "year", text, $"all rows must be of one year ({year}); import each year separately");
                }
            }
            if (year is null)
            {
                return null;
            }

            var ownerCohort = options.Cohort is null ? null : resolver.CohortByCode(options.Cohort);
            if (options.Cohort is not null && ownerCohort is null)
            {
                Error(0, "cohort", options.Cohort, "unknown cohort");
            }
            var ownerCode = ownerCohort?.OwnerUnit?.Code;
            IndexEdition? edition;
            if (options.Edition is not null)
            {
                edition = index.Editions.SingleOrDefault(e => string.Equals(e.Code, options.Edition, StringComparison.OrdinalIgnoreCase));
                if (edition is null)
                {
                    Error(0, "edition", options.Edition, $"not an edition of {index.Code} ({string.Join(", ", index.Editions.Select(e => e.Code))})");
                }
                else if ((edition.FirstYear is not null && edition.FirstYear > year) || (edition.LastYear is not null && edition.LastYear < year))
                {
                    Error(0, "year", year.Value.ToString(CultureInfo.InvariantCulture), $"year outside the edition {edition.Code} ({edition.FirstYear}-{edition.LastYear})");
                    edition = null;
                }
            }
            else
            {
                edition = resolver.Edition(index.Code, year.Value, ownerCode);
                if (edition is null)
                {
                    Error(0, "year", year.Value.ToString(CultureInfo.InvariantCulture), $"year outside every edition of {index.Code}");
                }
            }
            var date = options.Geography ?? resolver.GeographyDate(index.Code, year.Value);
            var cohort = ownerCohort ?? resolver.NationalCohort(index.Code, year.Value, date);
            var componentColumns = command.Columns.Where(c => !KnownColumns.Contains(c)).ToList();
            var components = new Dictionary<string, IndexComponent>(StringComparer.Ordinal);
            foreach (var column in componentColumns)
            {
                var component = edition?.Components.SingleOrDefault(c => string.Equals(c.Code, column, StringComparison.OrdinalIgnoreCase));
                if (component is null || (component.FirstYear ?? year) > year || (component.LastYear ?? year) < year)
                {
                    if (edition is not null)
                    {
                        Error(0, column, null, $"unknown component: {column} is not a component of {edition.Code} in {year}");
                    }
                    continue;
                }
                components[column] = component;
            }
            if (edition is null)
            {
                return null;
            }

            var scaleMin = edition.ScaleMin ?? index.ScaleMin;
            var scaleMax = edition.ScaleMax ?? index.ScaleMax;
            var seen = new Dictionary<int, int>();
            var rows = new List<ValidRow>();
            foreach (var input in command.Rows)
            {
                var count = errors.Count;
                string? Cell(string column) => input.Cells.TryGetValue(column, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

                AdministrativeUnit? unit = null;
                var unitText = unitColumn is null ? null : Cell(unitColumn);
                if (unitColumn is not null && unitText is null)
                {
                    Error(input.Row, unitColumn, null, "no unit");
                }
                else if (unitText is not null)
                {
                    if (ownerCohort?.OwnerUnitId is int ownerId)
                    {
                        unit = resolver.SubUnit(ownerId, unitText);
                        if (unit is null)
                        {
                            Error(input.Row, unitColumn!, unitText, $"unknown unit: '{unitText}' is not a unit of {ownerCohort.OwnerUnit!.Name}");
                        }
                    }
                    else if (ownerCohort?.Kind == CohortKind.Communes)
                    {
                        unit = resolver.Commune(unitText, date);
                        if (unit is null)
                        {
                            Error(input.Row, unitColumn!, unitText, $"unknown unit: no commune has the code '{unitText}' on {date:yyyy-MM-dd}");
                        }
                    }
                    else
                    {
                        (unit, var why) = resolver.ResolveProvince(unitText, date);
                        if (unit is null)
                        {
                            Error(input.Row, unitColumn!, unitText, why!);
                        }
                    }
                    if (unit is not null && !seen.TryAdd(unit.Id, input.Row))
                    {
                        Error(input.Row, unitColumn!, unitText, $"duplicate unit: {unit.Name} is also on row {seen[unit.Id]}");
                    }
                }

                var score = ParseDecimal(Cell("score"), input.Row, "score", Error);
                if (score is not null && (score < scaleMin || score > scaleMax))
                {
                    Error(input.Row, "score", Cell("score"), $"score outside the index's scale ({scaleMin} to {scaleMax})");
                }
                int? rank = null;
                if (Cell("rank") is { } rankText)
                {
                    if (!int.TryParse(rankText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsedRank) || parsedRank < 1)
                    {
                        Error(input.Row, "rank", rankText, "rank not a positive whole number");
                    }
                    else if (cohort.Size is int size && parsedRank > size)
                    {
                        Error(input.Row, "rank", rankText, $"rank beyond the cohort's {size} units");
                    }
                    else
                    {
                        rank = parsedRank;
                    }
                }
                var status = score is null ? ValueStatus.NotPublished : ValueStatus.Published;
                if (Cell("status") is { } statusText)
                {
                    if (!Enum.TryParse<ValueStatus>(statusText.Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal), ignoreCase: true, out var parsedStatus)
                        || int.TryParse(statusText, out _))
                    {
                        Error(input.Row, "status", statusText, "unknown status: published, notPublished, notSurveyed, withheld, notApplicable or notInSource");
                    }
                    else if ((parsedStatus == ValueStatus.Published) != (score is not null))
                    {
                        Error(input.Row, "status", statusText, score is null ? "status published needs a score" : $"a score cannot have status {statusText}");
                    }
                    else
                    {
                        status = parsedStatus;
                    }
                }
                else if (score is null && rank is not null)
                {
                    status = ValueStatus.NotInSource;
                }
                IndexTier? tier = null;
                if (Cell("tier") is { } tierText && (tier = resolver.TierOf(index, tierText)) is null)
                {
                    Error(input.Row, "tier", tierText, $"unknown tier: {(index.Tiers.Count == 0 ? $"{index.Code} has no tiers" : string.Join(", ", index.Tiers.OrderBy(t => t.Order).Select(t => t.NameVi)))}");
                }

                var values = new List<(IndexComponent, decimal?, ValueStatus)>();
                foreach (var (column, component) in components)
                {
                    var text = Cell(column);
                    if (text is null)
                    {
                        continue;
                    }
                    if (string.Equals(text, "N/A", StringComparison.OrdinalIgnoreCase))
                    {
                        values.Add((component, null, ValueStatus.NotApplicable));
                        continue;
                    }
                    var value = ParseDecimal(text, input.Row, column, Error);
                    if (value is null)
                    {
                        continue;
                    }
                    if ((component.ScaleMin is decimal min && value < min) || (component.ScaleMax is decimal max && value > max))
                    {
                        Error(input.Row, column, text, $"score outside the component's scale ({component.ScaleMin} to {component.ScaleMax})");
                    }
                    values.Add((component, value, ValueStatus.Published));
                }

                var source = Source(input, options.Source, Cell);
                if (source is null)
                {
                    Error(input.Row, "source_url", null, "no source: give source_url or source_title (per row or for the whole table)");
                }
                if (errors.Count == count && unit is not null && source is not null)
                {
                    rows.Add(new ValidRow(input.Row, unit, score, status, rank, tier, values, source, Cell("note")));
                }
            }
            return errors.Count > 0 ? null : (edition, cohort, year.Value, rows);
        }

        private static SourceRef? Source(ImportRow row, SourceInput? table, Func<string, string?> cell)
        {
            var url = cell("source_url") ?? table?.Url;
            var title = cell("source_title") ?? table?.Title;
            var publisher = cell("source_publisher") ?? table?.Publisher;
            var date = cell("source_date") ?? table?.Date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (url is null && title is null)
            {
                return null;
            }
            var citation = string.Join(", ", new[] { publisher, title, date }.Where(p => !string.IsNullOrWhiteSpace(p)));
            return new SourceRef(url, citation.Length == 0 ? null : citation, "import");
        }

        private static decimal? ParseDecimal(string? text, int row, string column, Action<int, string, string?, string> error)
        {
            if (text is null)
            {
                return null;
            }
            if (!decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
            {
                error(row, column, text, "not a number (use a dot for decimals: 86.97)");
                return null;
            }
            return value;
        }
    }
}
