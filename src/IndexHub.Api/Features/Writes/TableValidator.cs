using System.Globalization;
using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Persistence.Entities;

namespace IndexHub.Api.Features.Writes;

/// <summary>
/// Checks a parsed table against the catalogue and turns it into statements: every problem is collected, so that a
/// table with errors is refused whole with all of them listed. The rules are in README's write section.
/// </summary>
public static class TableValidator
{
    private static readonly string[] KnownColumns =
        [.. TableParser.UnitColumns, "year", "score", "rank", "rank_basis", "tier", "status", "metric", "note", "quote",
         "source_publisher", "source_title", "source_url", "source_date", "source_kind"];

    /// <summary>Units that name a statistic rather than a unit: the nation, the cohort itself, or a region (by code or name).</summary>
    private static readonly string[] NationalWords = ["national", "(national)", "nation", "toan quoc", "ca nuoc"];
    private static readonly string[] CohortWords = ["cohort", "(cohort)", "(provincial mean)"];
    private static readonly string[] StatisticMetrics = ["mean", "median"];

    /// <returns>The table, or null when the index is unknown (a 404); errors are thrown as <see cref="ImportRejectedException"/>.</returns>
    public static ValidatedTable? Validate(string indexCode, ImportOptions options, ParsedTable table, ReferenceCatalogue catalogue)
    {
        var index = catalogue.FindIndex(indexCode);
        if (index is null)
        {
            return null;
        }
        var errors = new List<ImportError>();
        void Error(int row, string column, string? value, string reason) =>
            errors.Add(new ImportError { Row = row, Column = column, Value = value, Reason = reason });

        foreach (var row in table.Rows)
        {
            foreach (var (column, value) in row.Cells.Where(c => c.Value.Contains('\0', StringComparison.Ordinal)))
            {
                Error(row.Row, column, value.Replace("\0", "\\0", StringComparison.Ordinal), "contains a NUL character");
            }
        }
        var source = options.Source;
        if (new[] { source?.Publisher, source?.Title, source?.Url, source?.Kind, options.Edition, options.Cohort }.Any(v => v?.Contains('\0', StringComparison.Ordinal) == true))
        {
            Error(0, "source", null, "contains a NUL character");
        }
        if (errors.Count > 0)
        {
            throw new ImportRejectedException(errors);
        }
        if (table.Rows.Count == 0)
        {
            throw new ImportRejectedException([new ImportError { Row = 0, Column = "rows", Reason = "the table has no rows" }]);
        }
        var unitColumn = table.Columns.FirstOrDefault(c => TableParser.UnitColumns.Contains(c));
        if (unitColumn is null)
        {
            Error(0, "unit", null, "no unit column: name the unit by code or by name in a column called unit");
        }

        var year = Year(table, options, Error);
        if (year is null)
        {
            throw new ImportRejectedException(errors);
        }
        var rules = catalogue.Rules[index.Id];
        var (cohort, geography) = Cohort(index, rules, year.Value, options, catalogue, Error);
        var edition = cohort is null ? null : Edition(index, year.Value, cohort, options.Edition, catalogue, Error);
        var components = Components(table, edition, year.Value, catalogue, Error);
        if (cohort is null || edition is null)
        {
            throw new ImportRejectedException(errors);
        }

        var scaleMin = edition.ScaleMin ?? rules.ScaleMin;
        var scaleMax = edition.ScaleMax ?? rules.ScaleMax;
        var seen = new Dictionary<string, int>(StringComparer.Ordinal);
        var rows = new List<StatementRow>();
        var statistics = new List<StatisticRow>();
        foreach (var input in table.Rows)
        {
            var count = errors.Count;
            string? Cell(string column) => input.Cells.TryGetValue(column, out var v) && !string.IsNullOrWhiteSpace(v) ? v.Trim() : null;

            var rowSource = Source(input.Row, options.Source, Cell, catalogue, Error);
            var score = Number(Cell("score"), input.Row, "score", Error);
            var rank = Rank(Cell("rank"), input.Row, cohort, Error);
            var metric = Cell("metric");
            var unitText = unitColumn is null ? null : Cell(unitColumn);
            if (unitColumn is not null && unitText is null)
            {
                Error(input.Row, unitColumn, null, "no unit");
                continue;
            }
            if (unitText is null)
            {
                continue;
            }

            var statistic = StatisticTarget(unitText, cohort, catalogue);
            if (statistic is not null || metric is not null)
            {
                if (statistic is null)
                {
                    Error(input.Row, "metric", metric, "metric is for rows that state a published statistic: unit national, a region's code, or cohort");
                    continue;
                }
                if (metric is null || !StatisticMetrics.Contains(metric.ToLowerInvariant()))
                {
                    Error(input.Row, "metric", metric, "a row for the nation, a region or the cohort states a published statistic: give metric (mean or median)");
                }
                if (score is null)
                {
                    Error(input.Row, "score", Cell("score"), "a published statistic needs its value in the score column");
                }
                foreach (var column in components.Keys.Where(c => Cell(c) is not null))
                {
                    Error(input.Row, column, Cell(column), "a statistic row states the score only");
                }
                var key = $"{statistic.Value.Scope}:{statistic.Value.RegionId}:{metric?.ToLowerInvariant()}";
                if (!seen.TryAdd(key, input.Row))
                {
                    Error(input.Row, unitColumn!, unitText, $"duplicate statistic: also on row {seen[key]}");
                }
                if (errors.Count == count && rowSource is not null)
                {
                    statistics.Add(new StatisticRow(input.Row, statistic.Value.Scope, statistic.Value.RegionId, metric!.ToLowerInvariant(), score!.Value, rank, rowSource, Cell("note")));
                }
                continue;
            }

            var (unit, why) = ResolveUnit(unitText, cohort, geography, catalogue);
            if (unit is null)
            {
                Error(input.Row, unitColumn!, unitText, why!);
            }
            else if (!seen.TryAdd(unit.Id.ToString(CultureInfo.InvariantCulture), input.Row))
            {
                Error(input.Row, unitColumn!, unitText, $"duplicate unit: {unit.Name} is also on row {seen[unit.Id.ToString(CultureInfo.InvariantCulture)]}");
            }
            if (score is not null && (score < scaleMin || score > scaleMax))
            {
                Error(input.Row, "score", Cell("score"), $"score outside the index's scale ({scaleMin} to {scaleMax})");
            }
            var status = Status(Cell("status"), score, input.Row, Error);
            var basis = Basis(Cell("rank_basis"), rank, input.Row, Error);
            int? tierId = null;
            if (Cell("tier") is { } tierText)
            {
                tierId = catalogue.FindTier(index.Id, tierText)?.Id;
                if (tierId is null)
                {
                    var tiers = catalogue.TiersOf(index.Id).ToList();
                    Error(input.Row, "tier", tierText, $"unknown tier: {(tiers.Count == 0 ? $"{index.Code} has no tiers" : string.Join(", ", tiers.Select(t => t.NameVi)))}");
                }
            }
            var values = new Dictionary<int, ComponentStatement>();
            foreach (var (column, component) in components)
            {
                if (Cell(column) is not { } text)
                {
                    continue;
                }
                if (string.Equals(text, "N/A", StringComparison.OrdinalIgnoreCase))
                {
                    values[component.Id] = new ComponentStatement(null, ValueStatus.NotApplicable, null);
                    continue;
                }
                if (Number(text, input.Row, column, Error) is not { } value)
                {
                    continue;
                }
                if ((component.ScaleMin is decimal min && value < min) || (component.ScaleMax is decimal max && value > max))
                {
                    Error(input.Row, column, text, $"score outside the component's scale ({component.ScaleMin} to {component.ScaleMax})");
                }
                values[component.Id] = new ComponentStatement(value, null, null);
            }
            var note = Cell("note");
            foreach (var (column, limit) in new[] { ("note", 1000), ("quote", 2000), (unitColumn!, 200) })
            {
                if (Cell(column) is { Length: var length } text && length > limit)
                {
                    Error(input.Row, column, text[..40] + "…", $"longer than {limit} characters");
                }
            }
            // A row whose cells are all empty states nothing about its unit: it leaves what is held alone.
            var statesNothing = score is null && status is null && rank is null && tierId is null && values.Count == 0 && note is null && Cell("quote") is null;
            if (errors.Count == count && unit is not null && rowSource is not null && !statesNothing)
            {
                rows.Add(new StatementRow(input.Row, unit, rowSource, "import", new Statement
                {
                    SourceId = 0, Kind = rowSource.Kind, Score = score, Status = status, Rank = rank, RankBasis = rank is null ? null : basis,
                    TierId = tierId, Note = note, Quote = Cell("quote"), Components = values,
                }));
            }
        }
        if (errors.Count > 0)
        {
            throw new ImportRejectedException(errors);
        }
        return new ValidatedTable(index, edition, cohort, year.Value, geography, rows, statistics);
    }

    private static int? Year(ParsedTable table, ImportOptions options, Action<int, string, string?, string> error)
    {
        // One year per table: revisions, ranks and changes are per year.
        int? year = options.Year;
        if (year is < 1990 or > 2100)
        {
            error(0, "year", year.Value.ToString(CultureInfo.InvariantCulture), "not a year from 1990 to 2100");
            return null;
        }
        foreach (var row in table.Rows)
        {
            var text = row.Cells.GetValueOrDefault("year") is { Length: > 0 } cell && !string.IsNullOrWhiteSpace(cell) ? cell.Trim() : options.Year?.ToString(CultureInfo.InvariantCulture);
            if (text is null)
            {
                error(row.Row, "year", null, "no year: give a year column or the year option");
                continue;
            }
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) || parsed < 1990 || parsed > 2100)
            {
                error(row.Row, "year", text, "not a year from 1990 to 2100");
                continue;
            }
            year ??= parsed;
            if (parsed != year)
            {
                error(row.Row, "year", text, $"all rows must be of one year ({year}); import each year separately");
            }
        }
        return year;
    }

    /// <summary>The cohort the table ranks, and the day whose units it names: given, or the national one of the year's geography.</summary>
    private static (CohortEntry? Cohort, DateOnly Geography) Cohort(
        IndexInfo index, IndexRules rules, int year, ImportOptions options, ReferenceCatalogue catalogue, Action<int, string, string?, string> error)
    {
        var geography = options.Geography ?? catalogue.GeographyDate(index.Id, year);
        CohortEntry? cohort;
        if (options.Cohort is not null)
        {
            cohort = catalogue.FindCohort(options.Cohort.Trim());
            if (cohort is null)
            {
                error(0, "cohort", options.Cohort, $"unknown cohort: {string.Join(", ", catalogue.Cohorts.Values.Select(c => c.Code).Order(StringComparer.Ordinal))}");
                return (null, geography);
            }
            if (cohort.Kind == CohortKind.Provinces && catalogue.NationalCohort(geography) is { } national && national.Id != cohort.Id)
            {
                error(0, "cohort", options.Cohort,
                    $"unit outside the cohort: {cohort.Code} is not the provinces of {geography:yyyy-MM-dd}, the day whose units a {year} table names ({national.Code}); leave cohort out, or give geography");
                return (null, geography);
            }
        }
        else
        {
            cohort = catalogue.NationalCohort(geography);
            if (cohort is null)
            {
                error(0, "geography", geography.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "no national cohort ranks the provinces of that day");
                return (null, geography);
            }
        }
        var ranked = cohort.Kind switch
        {
            CohortKind.Provinces => rules.AssessedUnitTypes.Any(t => t.IsProvinceLevel()),
            CohortKind.Departments => rules.AssessedUnitTypes.Contains(UnitType.Department),
            CohortKind.Districts => rules.AssessedUnitTypes.Contains(UnitType.District),
            CohortKind.Communes => rules.AssessedUnitTypes.Contains(UnitType.Commune),
            _ => false,
        };
        if (!ranked)
        {
            var owned = catalogue.Cohorts.Values.Where(c => c.OwnerUnitId is not null).Select(c => c.Code).Order(StringComparer.Ordinal).Take(4).ToList();
            error(0, "cohort", cohort.Code, cohort.Kind == CohortKind.Provinces
                ? $"unit outside the cohort: {index.Code} ranks a province's own units, not provinces: give cohort ({string.Join(", ", owned)}, ...)"
                : $"unit outside the cohort: {index.Code} does not rank {cohort.Kind.ToString().ToLowerInvariant()}");
            return (null, geography);
        }
        return (cohort, geography);
    }

    /// <summary>The edition the cohort and year imply; a given edition must be that one, so no table makes a second edition of a cohort's year.</summary>
    private static EditionEntry? Edition(IndexInfo index, int year, CohortEntry cohort, string? given, ReferenceCatalogue catalogue, Action<int, string, string?, string> error)
    {
        var implied = catalogue.EditionFor(index.Id, year, cohort.OwnerUnitId);
        if (implied is null)
        {
            error(0, "year", year.ToString(CultureInfo.InvariantCulture),
                $"year outside every edition: no edition of {index.Code} covers {year} for {cohort.Code} ({string.Join(", ", catalogue.Editions.Values.Where(e => e.IndexId == index.Id).Select(e => $"{e.Code} {e.Years}"))})");
            return null;
        }
        if (given is not null && !string.Equals(given.Trim(), implied.Code, StringComparison.OrdinalIgnoreCase))
        {
            var exists = catalogue.Editions.Values.Any(e => e.IndexId == index.Id && string.Equals(e.Code, given.Trim(), StringComparison.OrdinalIgnoreCase));
            error(0, "edition", given, exists
                ? $"{cohort.Code} in {year} is of edition {implied.Code}: a table cannot put a second edition beside it"
                : $"not an edition of {index.Code} ({string.Join(", ", catalogue.Editions.Values.Where(e => e.IndexId == index.Id).Select(e => e.Code))})");
            return null;
        }
        var other = catalogue.Coverage.FirstOrDefault(c => c.IndexId == index.Id && c.CohortId == cohort.Id && c.Year == year && c.EditionId != implied.Id);
        if (other is not null)
        {
            error(0, "edition", implied.Code, $"{cohort.Code} in {year} is held as edition {catalogue.Editions[other.EditionId].Code}: a table cannot put a second edition beside it");
            return null;
        }
        return implied;
    }

    private static Dictionary<string, ComponentEntry> Components(ParsedTable table, EditionEntry? edition, int year, ReferenceCatalogue catalogue, Action<int, string, string?, string> error)
    {
        var components = new Dictionary<string, ComponentEntry>(StringComparer.Ordinal);
        foreach (var column in table.Columns.Where(c => !KnownColumns.Contains(c)))
        {
            var component = edition is null
                ? null
                : catalogue.Components.Values.FirstOrDefault(c => c.EditionId == edition.Id && string.Equals(c.Code, column, StringComparison.OrdinalIgnoreCase));
            if (component is null || !component.Years.Contains(year))
            {
                if (edition is not null)
                {
                    error(0, column, null, $"unknown component: {column} is not a component of {edition.Code} in {year}");
                }
                continue;
            }
            components[column] = component;
        }
        return components;
    }

    private static (StatisticScope Scope, int? RegionId)? StatisticTarget(string unitText, CohortEntry cohort, ReferenceCatalogue catalogue)
    {
        var key = VietnameseNames.MatchKey(unitText);
        var lower = unitText.Trim().ToLowerInvariant();
        if (NationalWords.Contains(lower) || NationalWords.Contains(key))
        {
            return (StatisticScope.National, null);
        }
        if (CohortWords.Contains(lower))
        {
            return (StatisticScope.Cohort, null);
        }
        if (cohort.Kind == CohortKind.Provinces && !unitText.Trim().All(char.IsAsciiDigit) && catalogue.FindRegionId(unitText) is int region
            && catalogue.ResolveProvince(unitText, new DateOnly(2024, 12, 31)).Unit is null)
        {
            return (StatisticScope.Region, region);
        }
        return null;
    }

    private static (UnitEntry? Unit, string? Why) ResolveUnit(string text, CohortEntry cohort, DateOnly date, ReferenceCatalogue catalogue)
    {
        switch (cohort.Kind)
        {
            case CohortKind.Provinces:
                return catalogue.ResolveProvince(text, date);
            case CohortKind.Communes:
                return catalogue.FindCommune(text, date) is { } commune ? (commune, null) : (null, $"unknown unit: no commune has the code '{text}' on {date:yyyy-MM-dd}");
            default:
                var (unit, why) = catalogue.ResolveOwnUnit(cohort.OwnerUnitId!.Value, text, date);
                var wanted = cohort.Kind == CohortKind.Districts ? UnitType.District : UnitType.Department;
                if (unit is not null && unit.Type != wanted)
                {
                    return (null, $"unit outside the cohort: {unit.Name} is a {unit.Type.ToString().ToLowerInvariant()}, and {cohort.Code} ranks {wanted.ToString().ToLowerInvariant()}s");
                }
                return (unit, why);
        }
    }

    private static int? Rank(string? text, int row, CohortEntry cohort, Action<int, string, string?, string> error)
    {
        if (text is null)
        {
            return null;
        }
        if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var rank) || rank < 1)
        {
            error(row, "rank", text, "rank not a positive whole number");
            return null;
        }
        if (cohort.Size is int size && rank > size)
        {
            error(row, "rank", text, $"rank beyond the cohort's {size} units");
            return null;
        }
        return rank;
    }

    private static ValueStatus? Status(string? text, decimal? score, int row, Action<int, string, string?, string> error)
    {
        if (text is null)
        {
            return null;
        }
        if (!Enum.TryParse<ValueStatus>(text.Replace("_", "", StringComparison.Ordinal).Replace(" ", "", StringComparison.Ordinal), ignoreCase: true, out var status)
            || int.TryParse(text, out _))
        {
            error(row, "status", text, "unknown status: notPublished, notSurveyed, withheld or notApplicable (why there is no score)");
            return null;
        }
        switch (status)
        {
            case ValueStatus.Published:
                if (score is null)
                {
                    error(row, "status", text, "status published needs a score");
                }
                return null;
            case ValueStatus.NotInSource:
                error(row, "status", text, "notInSource is what IndexHub says when no source states a score: leave the score empty instead");
                return null;
            default:
                if (score is not null)
                {
                    error(row, "status", text, $"a score cannot have status {text}: the status says why there is no score");
                    return null;
                }
                return status;
        }
    }

    private static RankBasis Basis(string? text, int? rank, int row, Action<int, string, string?, string> error)
    {
        if (text is null)
        {
            return RankBasis.Explicit;
        }
        if (!Enum.TryParse<RankBasis>(text.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var basis) || int.TryParse(text, out _))
        {
            error(row, "rank_basis", text, "unknown rank basis: explicit, listing_order or score_order_in_published_top10");
            return RankBasis.Explicit;
        }
        if (rank is null)
        {
            error(row, "rank_basis", text, "a rank basis needs a rank");
        }
        return basis;
    }

    private static SourceSpec? Source(int row, SourceInput? table, Func<string, string?> cell, ReferenceCatalogue catalogue, Action<int, string, string?, string> error)
    {
        var url = cell("source_url") ?? Blank(table?.Url);
        var title = cell("source_title") ?? Blank(table?.Title);
        var publisher = cell("source_publisher") ?? Blank(table?.Publisher);
        var kindText = cell("source_kind") ?? Blank(table?.Kind);
        DateOnly? date = table?.Date;
        if (cell("source_date") is { } dateText)
        {
            if (DateOnly.TryParseExact(dateText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                date = parsed;
            }
            else
            {
                error(row, "source_date", dateText, "not a date (yyyy-MM-dd)");
            }
        }
        var ok = true;
        foreach (var (column, value, limit) in new[] { ("source_publisher", publisher, 200), ("source_title", title, 300) })
        {
            if (value is { Length: var length } && length > limit)
            {
                error(row, column, value[..40] + "…", $"longer than {limit} characters");
                ok = false;
            }
        }
        if (url is null && title is null)
        {
            error(row, "source_url", null, "no source: give source_url or source_title (per row or for the whole table)");
            ok = false;
        }
        if (url is not null && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps) || url.Length > 600))
        {
            error(row, "source_url", url, "not a web address: a source URL is an absolute http or https address of at most 600 characters");
            ok = false;
        }
        SourceKind kind = default;
        if (kindText is null)
        {
            error(row, "source_kind", null, "no source kind: say whether the table comes from the publisher, an official portal, the press or a compiled secondary data set (sourceKind=publisher|official|press|secondary)");
            ok = false;
        }
        else if (!Enum.TryParse(kindText, ignoreCase: true, out kind) || int.TryParse(kindText, out _))
        {
            error(row, "source_kind", kindText, "unknown source kind: publisher, official, press or secondary");
            ok = false;
        }
        if (!ok)
        {
            return null;
        }
        var citation = string.Join(", ", new[] { publisher, title, date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) }.Where(p => p is not null));
        var spec = new SourceSpec(url, citation.Length == 0 ? null : citation, "import", kind, publisher, title, date);
        if (catalogue.SourcesByKey.TryGetValue(spec.Key, out var held) && held.Kind != kind)
        {
            error(row, "source_kind", kindText, $"this source is held as {held.Kind.ToString().ToLowerInvariant()}: one source has one kind");
            return null;
        }
        return spec;
    }

    private static decimal? Number(string? text, int row, string column, Action<int, string, string?, string> error)
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

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();
}
