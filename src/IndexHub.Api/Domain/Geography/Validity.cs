namespace IndexHub.Api.Domain.Geography;

/// <summary>A closed period of days; an open end (null) means "before our records begin" or "still in force".</summary>
public readonly record struct Validity(DateOnly? From, DateOnly? To)
{
    public bool Contains(DateOnly date) => (From is null || From <= date) && (To is null || date <= To);
}
