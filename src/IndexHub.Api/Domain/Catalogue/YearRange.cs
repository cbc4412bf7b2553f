namespace IndexHub.Api.Domain.Catalogue;

/// <summary>
/// The years in which something of the catalogue exists: an edition (PAPI's 6 dimensions until 2017), a component
/// (PAPI's SC52 until 2020, SC83 from 2019). Open at either end where the bound is null. The one place that says
/// whether a component or an edition applies to a year: imports, the shipped data and reads all ask it.
/// </summary>
public readonly record struct YearRange(int? First, int? Last)
{
    public bool Contains(int year) => (First is null || First <= year) && (Last is null || Last >= year);

    public override string ToString() => $"{First?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "…"}-{Last?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "…"}";
}
