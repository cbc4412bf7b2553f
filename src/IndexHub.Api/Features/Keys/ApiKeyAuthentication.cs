using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace IndexHub.Api.Features.Keys;

/// <summary>The <c>Security</c> configuration section.</summary>
public sealed class SecurityOptions
{
    public const string Section = "Security";

    /// <summary>Require a reader key for reads. Off by default: the data is public.</summary>
    public bool RequireKeyForReads { get; set; }
}

public static class ApiKeySecrets
{
    private const string Marker = "ihk_";

    /// <summary>A new random key: "ihk_" and 32 random bytes, base64url.</summary>
    public static string Generate() => Marker + Base64Url(RandomNumberGenerator.GetBytes(32));

    /// <summary>Keys are long random secrets, so a plain SHA-256 suffices to store them safely.</summary>
    public static string Hash(string key) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));

    public static string Prefix(string key) => key[..Math.Min(12, key.Length)];

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

public static class Roles
{
    public const string Reader = "reader";
    public const string Editor = "editor";
    public const string Admin = "admin";

    /// <summary>A role and every role beneath it: an admin may do what an editor may.</summary>
    public static IEnumerable<string> Granted(ApiKeyRole role) => role switch
    {
        ApiKeyRole.Admin => [Reader, Editor, Admin],
        ApiKeyRole.Editor => [Reader, Editor],
        _ => [Reader],
    };
}

/// <summary>Reads the key from <c>X-Api-Key</c> or <c>Authorization: Bearer</c>; answers 401 and 403 as problem details.</summary>
public sealed class ApiKeyAuthenticationHandler(
    IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder,
    IProblemDetailsService problems)
    : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
{
    public const string SchemeName = "ApiKey";
    public const string KeyIdClaim = "indexhub:key_id";

    protected override async Task<AuthenticateResult> HandleAuthenticateAsync()
    {
        var key = Request.Headers["X-Api-Key"].ToString();
        if (string.IsNullOrEmpty(key))
        {
            var authorization = Request.Headers.Authorization.ToString();
            if (authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase))
            {
                key = authorization["Bearer ".Length..].Trim();
            }
        }
        if (string.IsNullOrEmpty(key))
        {
            return AuthenticateResult.NoResult();
        }
        var hash = ApiKeySecrets.Hash(key);
        // The context is asked for only when a key is sent: anonymous reads (most of them) never make one.
        var db = Context.RequestServices.GetRequiredService<IndexHubDbContext>();
        var found = await db.ApiKeys.Where(k => k.Hash == hash && k.RevokedAt == null)
            .Select(k => new { k.Id, k.Name, k.Role })
            .SingleOrDefaultAsync(Context.RequestAborted);
        if (found is null)
        {
            return AuthenticateResult.Fail("The API key is unknown or revoked.");
        }
        var claims = new List<Claim>
        {
            new(ClaimTypes.Name, found.Name),
            new(KeyIdClaim, found.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)),
        };
        claims.AddRange(Roles.Granted(found.Role).Select(r => new Claim(ClaimTypes.Role, r)));
        return AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(new ClaimsIdentity(claims, SchemeName)), SchemeName));
    }

    protected override async Task HandleChallengeAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status401Unauthorized;
        Response.Headers.WWWAuthenticate = "Bearer realm=\"IndexHub\", ApiKey header=\"X-Api-Key\"";
        var failure = (await Context.AuthenticateAsync(SchemeName)).Failure?.Message;
        await WriteAsync(StatusCodes.Status401Unauthorized, "An API key is required.",
            failure ?? "Send a key as X-Api-Key or Authorization: Bearer.");
    }

    protected override Task HandleForbiddenAsync(AuthenticationProperties properties)
    {
        Response.StatusCode = StatusCodes.Status403Forbidden;
        return WriteAsync(StatusCodes.Status403Forbidden, "The API key's role does not allow this.",
            "Writes need an editor key; key management and the audit need an admin key.");
    }

    private async Task WriteAsync(int status, string title, string detail) =>
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = Context,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
}

public static class AuthorizationSetup
{
    public const string ReadPolicy = "read";
    public const string EditorPolicy = "editor";
    public const string AdminPolicy = "admin";

    public static IServiceCollection AddIndexHubAuthorization(this IServiceCollection services)
    {
        services.AddSettings<SecurityOptions>(SecurityOptions.Section);
        services.AddAuthentication(ApiKeyAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, ApiKeyAuthenticationHandler>(ApiKeyAuthenticationHandler.SchemeName, null);
        services.AddAuthorizationBuilder()
            .AddPolicy(EditorPolicy, policy => policy.RequireRole(Roles.Editor))
            .AddPolicy(AdminPolicy, policy => policy.RequireRole(Roles.Admin));
        services.AddOptions<AuthorizationOptions>().Configure<SecurityOptions>((options, security) => options.AddPolicy(ReadPolicy, policy =>
            policy.RequireAssertion(context => !security.RequireKeyForReads || context.User.IsInRole(Roles.Reader))));
        return services;
    }

    /// <summary>Who is writing, for revisions and the audit.</summary>
    public static (string Actor, int? KeyId) Actor(this ClaimsPrincipal user) =>
        user.Identity?.IsAuthenticated == true
            ? (user.Identity.Name ?? "key", int.TryParse(user.FindFirstValue(ApiKeyAuthenticationHandler.KeyIdClaim), System.Globalization.CultureInfo.InvariantCulture, out var id) ? id : null)
            : ("anonymous", null);
}
