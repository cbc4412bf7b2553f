namespace IndexHub.Api.Persistence.Entities;

public enum ApiKeyRole
{
    Reader = 1,
    Editor = 2,
    Admin = 3,
}

/// <summary>An API key. The secret is shown once at creation; only its SHA-256 hash is stored.</summary>
/// <remarks>Times are UTC.</remarks>
public sealed class ApiKey
{
    public int Id { get; set; }
    public required string Name { get; set; }
    public ApiKeyRole Role { get; set; }
    /// <summary>The first characters of the key, to recognise it in lists and logs without revealing it.</summary>
    public required string Prefix { get; set; }
    /// <summary>Lower-case hex SHA-256 of the whole key.</summary>
    public required string Hash { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}

/// <summary>
/// The version of everything the API serves: one row, bumped in the transaction of every write that changes
/// data, so every replica can tell by one cheap read whether its cached answers still hold.
/// </summary>
public sealed class DataVersion
{
    public const int SingletonId = 1;

    public int Id { get; set; }
    public long Version { get; set; }
    public DateTime ChangedAt { get; set; }
}

/// <summary>One accepted write that changed results: an import, a correction or a deletion.</summary>
public sealed class Revision
{
    public int Id { get; set; }
    public int IndexId { get; set; }
    public int Year { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>import, update, delete, or ship (a new release of the shipped data changed figures).</summary>
    public required string Operation { get; set; }
    /// <summary>Who wrote: the key's name (or "cli" for the command line).</summary>
    public required string Actor { get; set; }
    public int? ApiKeyId { get; set; }
    public int? SourceId { get; set; }
    public Source? Source { get; set; }
    public int Added { get; set; }
    public int Changed { get; set; }
    public int Deleted { get; set; }
    /// <summary>Results whose derived figures alone (ranks, changes, percentiles) moved because of the write.</summary>
    public int Recomputed { get; set; }
    /// <summary>Published statistics the write added or replaced.</summary>
    public int StatisticsChanged { get; set; }
    /// <summary>The units whose figures changed, with the before and after (JSON).</summary>
    public required string Changes { get; set; }
    public string? RequestId { get; set; }
}

/// <summary>
/// A result as it was before a revision changed or deleted it: its whole read shape as JSON,
/// valid from the revision that made it to the one that replaced it.
/// </summary>
public sealed class ResultHistory
{
    public int Id { get; set; }
    public int EditionId { get; set; }
    public int CohortId { get; set; }
    public int UnitId { get; set; }
    public int Year { get; set; }
    /// <summary>The revision that produced this state; null for the shipped data.</summary>
    public int? ValidFromRevisionId { get; set; }
    /// <summary>The revision that replaced it.</summary>
    public int ValidToRevisionId { get; set; }
    public DateTime ValidTo { get; set; }
    public required string State { get; set; }
}

/// <summary>Every write: who, when, what, before and after, and the request id.</summary>
public sealed class AuditEntry
{
    public int Id { get; set; }
    public DateTime At { get; set; }
    public required string Actor { get; set; }
    public int? ApiKeyId { get; set; }
    /// <summary>import, update, delete, key.create, key.revoke.</summary>
    public required string Operation { get; set; }
    public required string Target { get; set; }
    public string? Before { get; set; }
    public string? After { get; set; }
    public string? RequestId { get; set; }
    public int? RevisionId { get; set; }
}
