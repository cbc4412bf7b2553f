namespace IndexHub.Api.Domain.Results;

/// <summary>Why a value is absent: never zero, and not all absences are alike.</summary>
public enum ValueStatus
{
    /// <summary>The value is given.</summary>
    Published,
    /// <summary>The publisher did not publish it (PAPI 2023: Quảng Ninh, Bình Dương).</summary>
    NotPublished,
    /// <summary>The unit was not surveyed.</summary>
    NotSurveyed,
    /// <summary>The publisher withheld it.</summary>
    Withheld,
    /// <summary>It does not exist for that year (PCI's policy-bias sub-index before 2013).</summary>
    NotApplicable,
    /// <summary>The source at hand gives the rank but not the score.</summary>
    NotInSource,
}
