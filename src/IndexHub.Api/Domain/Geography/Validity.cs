namespace IndexHub.Api.Domain.Geography;

/// <summary>A closed period of days; an open end (null) means "before our records begin" or "still in force".</summary>
public readonly record struct Validity(DateOnly? From, DateOnly? To)
{
    public bool Contains(DateOnly date) => (From is null || From <= date) && (To is null || date <= To);

    /// <summary>True when the period and the calendar year share at least one day.</summary>
    public bool Overlaps(int year) =>
        (From is null || From.Value.Year <= year) && (To is null || To.Value.Year >= year);
}
