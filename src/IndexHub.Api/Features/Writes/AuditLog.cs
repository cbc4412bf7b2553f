using System.Text.Json;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;

namespace IndexHub.Api.Features.Writes;

/// <summary>Every write, accepted or not, in the audit: who, when, what, before and after, the request and the revision.</summary>
public static class AuditLog
{
    private static readonly JsonSerializerOptions Json = StoredJson.Options;

    /// <summary>Adds an audit entry to the caller's unit of work, so it is saved with the write or not at all.</summary>
    public static AuditEntry Record(this IndexHubDbContext db, Author author, TimeProvider clock, string operation, string target, object? before, object? after, int? revisionId = null)
    {
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = author.Name,
            ApiKeyId = author.KeyId,
            Operation = operation,
            Target = target,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
            RequestId = author.RequestId,
            RevisionId = revisionId,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }
}
