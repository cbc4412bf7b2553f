namespace IndexHub.Api.Domain.Results;

/// <summary>Whether a result can be compared with the same unit's result of the year before.</summary>
public static class Comparability
{
    public static (bool Comparable, string? Reason) Check(string previousEdition, string edition, string previousCohort, string cohort)
    {
        if (previousEdition != edition)
        {
            return (false, $"The method changed between editions ({previousEdition} to {edition}); scores and ranks are not on the same basis.");
        }
        if (previousCohort != cohort)
        {
            return (false, $"The cohort changed ({previousCohort} to {cohort}); ranks are out of different sets of units.");
        }
        return (true, null);
    }
}
