namespace IndexHub.Api.Domain.Results;

/// <summary>
/// What kind of source states a figure. The order is the precedence: where sources disagree, the result shows the
/// figure of the first kind (the publisher's own table over an official portal over the press over a compiled
/// secondary data set), and every source's figure stays beside it.
/// </summary>
public enum SourceKind
{
    /// <summary>The index's publisher: its own table, report or site (VCCI's pcivietnam.vn, the ministry's dti.gov.vn).</summary>
    Publisher = 1,
    /// <summary>An official portal quoting the publisher (a province's or the government's site).</summary>
    Official = 2,
    /// <summary>A news report.</summary>
    Press = 3,
    /// <summary>A data set compiled by a third party from other sources.</summary>
    Secondary = 4,
}

/// <summary>How a stated position came about. Only an explicit rank is a published rank.</summary>
public enum RankBasis
{
    /// <summary>The source prints the rank as a number.</summary>
    Explicit = 1,
    /// <summary>The position in a list the source gives in order ("followed by ..."), without numbers.</summary>
    ListingOrder = 2,
    /// <summary>The order of the scores within a published top 10.</summary>
    ScoreOrderInPublishedTop10 = 3,
}
