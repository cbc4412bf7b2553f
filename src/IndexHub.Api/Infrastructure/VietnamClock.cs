namespace IndexHub.Api.Infrastructure;

/// <summary>"Today" as a Vietnamese portal means it: the date in Vietnam (UTC+7, no daylight saving).</summary>
public static class VietnamClock
{
    private static readonly TimeSpan Offset = TimeSpan.FromHours(7);

    public static DateOnly Today(this TimeProvider clock) => DateOnly.FromDateTime(clock.GetUtcNow().ToOffset(Offset).DateTime);
}
