using IndexHub.Api.Domain.Results;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Persistence.Entities;

namespace IndexHub.Api.Features.Writes;

/// <summary>One problem with a table: where, what, and why.</summary>
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

/// <summary>A table with errors: nothing was written, and every error is listed (a 422).</summary>
public sealed class ImportRejectedException(IReadOnlyList<ImportError> errors) : Exception("The table has errors; nothing was written.")
{
    public IReadOnlyList<ImportError> Errors { get; } = errors;
}

/// <summary>Where a table was published. <see cref="Kind"/> (publisher, official, press, secondary) decides its figures' precedence.</summary>
public sealed record SourceInput(string? Publisher, string? Title, string? Url, DateOnly? Date, string? Kind = null);

/// <summary>What applies to the whole table.</summary>
public sealed record ImportOptions(int? Year, string? Edition, string? Cohort, DateOnly? Geography, bool DryRun, SourceInput? Source);

/// <summary>A source as a write names it. <see cref="Key"/> (the URL, else the citation) finds it again.</summary>
public sealed record SourceSpec(string? Url, string? Citation, string File, SourceKind Kind, string? Publisher = null, string? Title = null, DateOnly? Date = null, string? Carrier = null)
{
    public string Key => Url ?? Citation ?? File;
}

/// <summary>A row that passed every check: what its source states about one unit's result.</summary>
public sealed record StatementRow(int Row, UnitEntry Unit, SourceSpec Source, string Metric, Statement Statement);

/// <summary>A row that states a statistic the publisher printed (a national or regional mean, a cohort's median).</summary>
public sealed record StatisticRow(int Row, StatisticScope Scope, int? RegionId, string Metric, decimal Value, int? Rank, SourceSpec Source, string? Note);

/// <summary>A table that passed every check, ready to merge: one index, edition, cohort and year.</summary>
public sealed record ValidatedTable(
    IndexInfo Index, EditionEntry Edition, CohortEntry Cohort, int Year, DateOnly Geography,
    IReadOnlyList<StatementRow> Rows, IReadOnlyList<StatisticRow> Statistics)
{
    public string Target => $"{Index.Code} {Year} {Cohort.Code}";
}

/// <summary>Who is writing and under which request: the key (or the command line) and the request id.</summary>
public sealed record Author(string Name, int? KeyId, string? RequestId)
{
    public static Author From(HttpContext http)
    {
        var (actor, keyId) = Keys.AuthorizationSetup.Actor(http.User);
        return new Author(actor, keyId, System.Diagnostics.Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier);
    }

    public static Author CommandLine() => new($"cli:{Environment.UserName}", null, $"cli-{Guid.NewGuid():N}");

    /// <summary>The shipped data of a release, loaded at start-up.</summary>
    public static Author ShippedData() => new("shipped data", null, null);
}
