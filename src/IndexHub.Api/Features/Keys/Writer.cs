using IndexHub.Api.Infrastructure;
using System.Diagnostics;
using System.Text.Json;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;

namespace IndexHub.Api.Features.Keys;

/// <summary>Who is writing and under which request: the key (or the command line) and the request id.</summary>
public sealed record Writer(string Actor, int? KeyId, string? RequestId)
{
    public static Writer From(HttpContext http)
    {
        var (actor, keyId) = http.User.Actor();
        return new Writer(actor, keyId, Activity.Current?.TraceId.ToString() ?? http.TraceIdentifier);
    }

    public static Writer CommandLine() => new($"cli:{Environment.UserName}", null, $"cli-{Guid.NewGuid():N}");
}

public static class AuditLog
{
    private static readonly JsonSerializerOptions Json = StoredJson.Options;

    /// <summary>Adds an audit entry to the caller's unit of work, so it is saved with the write or not at all.</summary>
    public static AuditEntry Record(this IndexHubDbContext db, Writer writer, TimeProvider clock, string operation, string target, object? before, object? after, int? revisionId = null)
    {
        var entry = new AuditEntry
        {
            At = clock.GetUtcNow().UtcDateTime,
            Actor = writer.Actor,
            ApiKeyId = writer.KeyId,
            Operation = operation,
            Target = target,
            Before = before is null ? null : JsonSerializer.Serialize(before, Json),
            After = after is null ? null : JsonSerializer.Serialize(after, Json),
            RequestId = writer.RequestId,
            RevisionId = revisionId,
        };
        db.AuditEntries.Add(entry);
        return entry;
    }
}
