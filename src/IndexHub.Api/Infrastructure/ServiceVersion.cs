using System.Reflection;

namespace IndexHub.Api.Infrastructure;

/// <summary>
/// The running build's version, sent on every response so a portal can tell which release answered
/// (the API's contract version is the path: /api/v1).
/// </summary>
public static class ServiceVersion
{
    public const string Header = "IndexHub-Version";

    /// <summary>The informational version (e.g. <c>1.0.0</c>, or <c>1.0.0+commit</c> when built with a source revision).</summary>
    public static string Current { get; } =
        typeof(ServiceVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
        ?? typeof(ServiceVersion).Assembly.GetName().Version?.ToString()
        ?? "unknown";
}
