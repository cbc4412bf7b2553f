using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IndexHub.Api.Infrastructure;

/// <summary>
/// Every time the service stores is UTC, but SQLite hands it back without a kind, which System.Text.Json would write
/// without an offset ("2026-12-01T23:24:00"): not an RFC 3339 date-time, which is what the contract says (and what a
/// client in another zone cannot read). Every DateTime goes out as UTC with its "Z"; reading is left as it was.
/// </summary>
public sealed class UtcDateTimeConverter : JsonConverter<DateTime>
{
    public override DateTime Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.GetDateTime();

    public override void Write(Utf8JsonWriter writer, DateTime value, JsonSerializerOptions options) =>
        writer.WriteStringValue((value.Kind switch
        {
            DateTimeKind.Unspecified => DateTime.SpecifyKind(value, DateTimeKind.Utc),
            DateTimeKind.Local => value.ToUniversalTime(),
            _ => value,
        }).ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFF'Z'", CultureInfo.InvariantCulture));
}
