using System.ComponentModel;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Infrastructure;
using Mediator;

namespace IndexHub.Api.Features.Keys;

public static class KeyEndpoints
{
    public static RouteGroupBuilder MapKeyEndpoints(this RouteGroupBuilder api)
    {
        var group = api.MapGroup("/admin/keys").WithTags("Admin").RequireAuthorization(AuthorizationSetup.AdminPolicy);

        group.MapPost("/", async (CreateKeyRequest body, ISender sender, HttpContext http, CancellationToken ct) =>
            {
                var created = await sender.Send(new CreateKey.Command(body.Name, body.Role, Author.From(http)), ct);
                return TypedResults.Created($"/api/v1/admin/keys/{created.Key.Id}", created);
            })
            .WithName("CreateKey")
            .WithSummary("Create an API key (admin key)")
            .WithDescription("Creates a key with a role (reader, editor, admin). The secret is in this response only; IndexHub stores its hash.")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        group.MapGet("/", async (ISender sender, CancellationToken ct) => TypedResults.Ok(await sender.Send(new ListKeys.Query(), ct)))
            .WithName("ListKeys")
            .WithSummary("List the API keys (admin key)")
            .WithDescription("Every key with its name, role, prefix and dates; never a secret.")
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        // The command answers null for a key it does not hold (the CLI says so in its own words); here that is a 404.
        group.MapDelete("/{key}", async ([Description("The key's id or prefix."), ParameterExample("3")] string key, ISender sender, HttpContext http, CancellationToken ct) =>
                TypedResults.Ok(await sender.Send(new RevokeKey.Command(key, Author.From(http)), ct) ?? throw new NotFoundException($"No key has the id or prefix '{key}'.")))
            .WithName("RevokeKey")
            .WithSummary("Revoke an API key (admin key)")
            .WithDescription("Revokes a key by its id or prefix; it stops working at once. Revoking twice is harmless. The last active admin key cannot be revoked (409).")
            .ProducesValidationProblem()
            .ProducesProblem(StatusCodes.Status409Conflict)
            .ProducesProblem(StatusCodes.Status401Unauthorized)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        return api;
    }
}
