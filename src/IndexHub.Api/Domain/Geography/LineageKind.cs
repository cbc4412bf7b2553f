namespace IndexHub.Api.Domain.Geography;

/// <summary>How one unit's story continues in another.</summary>
public enum LineageKind
{
    /// <summary>The predecessor ceased to exist and its area became part of the successor.</summary>
    MergedInto,
}
