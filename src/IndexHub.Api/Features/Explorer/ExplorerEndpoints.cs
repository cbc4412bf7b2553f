using System.ComponentModel.DataAnnotations;
using IndexHub.Api.Infrastructure;
using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace IndexHub.Api.Features.Explorer;

/// <summary>The <c>Explorer</c> configuration section.</summary>
public sealed class ExplorerOptions
{
    public const string Section = "Explorer";

    /// <summary>
    /// Who may frame the embeddable scorecard (<c>/embed/provinces/{code}</c>): the CSP frame-ancestors sources.
    /// "*" lets any portal embed it; the explorer's own pages are never framed.
    /// </summary>
    [Required]
    [RegularExpression(@"^[^;,\r\n]+$", ErrorMessage = "{0} must be CSP sources separated by spaces (* or https://portal.example.gov.vn), without ; or ,.")]
    public string EmbedFrameAncestors { get; set; } = "*";
}

/// <summary>
/// IndexHub Explorer: the pages for people at <c>/</c>, built from src/IndexHub.Explorer into wwwroot/explorer.
/// The scripts and styles have content-hashed names, so they are cached for a year as immutable; the HTML shells
/// that name them are revalidated on every load (no-cache with an ETag), so a new build is seen at once.
/// </summary>
public static class ExplorerEndpoints
{
    public const string AssetsPath = "/explorer/assets";

    private const string ShellDirectory = "explorer";
    private const string ImmutableCache = "public, max-age=31536000, immutable";

    // No inline script or style anywhere, no other origin: the API is same-origin (connect-src 'self').
    private const string Policy = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
        + "connect-src 'self'; font-src 'self'; base-uri 'none'; form-action 'self'; object-src 'none'";

    public static IServiceCollection AddIndexHubExplorer(this IServiceCollection services)
    {
        services.AddSettings<ExplorerOptions>(ExplorerOptions.Section);
        // The assets are compressed by the service's one compression set-up (Infrastructure/HttpSemantics.cs): public
        // bytes with no secret in them, so compressing them over HTTPS gives BREACH nothing to find.
        return services;
    }

    /// <summary>
    /// The hashed assets, compressed, with the static file middleware's ETag and Last-Modified and a year-long cache.
    /// Placed before the API's conditional-GET middleware, which would give them its own five-minute lifetime.
    /// </summary>
    public static void UseIndexHubExplorerAssets(this WebApplication app)
    {
        app.UseWhen(context => context.Request.Path.StartsWithSegments(AssetsPath), branch =>
        {
            branch.UseResponseCompression();
            branch.UseStaticFiles(new StaticFileOptions
            {
                OnPrepareResponse = file =>
                {
                    file.Context.Response.Headers.CacheControl = ImmutableCache;
                    file.Context.Response.Headers[HeaderNames.ContentSecurityPolicy] = Policy + "; frame-ancestors 'none'";
                },
            });
        });
    }

    /// <summary>The page routes: shareable deep links answered with the explorer's HTML. Not part of the API's contract.</summary>
    public static void MapIndexHubExplorer(this WebApplication app)
    {
        var files = app.Environment.WebRootFileProvider;
        var options = app.Services.GetRequiredService<ExplorerOptions>();
        var page = Shell(files, "index.html");
        var embed = Shell(files, "embed.html");
        var pagePolicy = Policy + "; frame-ancestors 'none'";
        var embedPolicy = Policy + "; frame-ancestors " + options.EmbedFrameAncestors;

        IResult Page(HttpContext http) => Answer(http, page, pagePolicy, framable: false);
        app.MapGet("/", Page).ExcludeFromDescription();
        app.MapGet("/provinces/{code}", (HttpContext http, string code) => Page(http)).ExcludeFromDescription();
        app.MapGet("/indices/{code}", (HttpContext http, string code) => Page(http)).ExcludeFromDescription();
        app.MapGet("/compare", Page).ExcludeFromDescription();
        app.MapGet("/embed/provinces/{code}", (HttpContext http, string code) => Answer(http, embed, embedPolicy, framable: true)).ExcludeFromDescription();
    }

    private static IResult Answer(HttpContext http, Lazy<byte[]?> shell, string policy, bool framable)
    {
        if (shell.Value is not { } bytes)
        {
            return TypedResults.Problem(
                statusCode: StatusCodes.Status503ServiceUnavailable,
                title: "The explorer is not built.",
                detail: "wwwroot/explorer is missing: run `npm ci && npm run build` in src/IndexHub.Explorer.");
        }
        // Set when the answer starts: the conditional-GET middleware, which gives the page its ETag and 304s, sets a
        // five-minute lifetime after the endpoint has run, and the hardening middleware denies framing to everything.
        http.Response.OnStarting(() =>
        {
            var headers = http.Response.Headers;
            headers[HeaderNames.ContentSecurityPolicy] = policy;
            if (http.Response.StatusCode is StatusCodes.Status200OK or StatusCodes.Status304NotModified)
            {
                headers.CacheControl = "no-cache";
            }
            if (framable)
            {
                headers.Remove(HeaderNames.XFrameOptions);
            }
            return Task.CompletedTask;
        });
        return TypedResults.Bytes(bytes, "text/html; charset=utf-8");
    }

    private static Lazy<byte[]?> Shell(IFileProvider files, string name) => new(() =>
    {
        var file = files.GetFileInfo($"{ShellDirectory}/{name}");
        if (!file.Exists)
        {
            return null;
        }
        using var stream = file.CreateReadStream();
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        return copy.ToArray();
    });
}
