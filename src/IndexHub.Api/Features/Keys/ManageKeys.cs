using IndexHub.Api.Infrastructure;
using IndexHub.Api.Features.Writes;
using FluentValidation;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Mediator;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Keys;

/// <summary>A key as listed: never its secret.</summary>
public sealed record ApiKeyDto
{
    /// <example>3</example>
    public required int Id { get; init; }
    /// <example>Cần Thơ portal editors</example>
    public required string Name { get; init; }
    /// <example>editor</example>
    public required ApiKeyRole Role { get; init; }
    /// <summary>The key's first characters, to recognise it.</summary>
    /// <example>ihk_Xy3kP0aB</example>
    public required string Prefix { get; init; }
    public required DateTime CreatedAt { get; init; }
    public DateTime? RevokedAt { get; init; }
}

/// <summary>A new key: the secret is in this response and nowhere else.</summary>
public sealed record CreatedApiKeyDto
{
    public required ApiKeyDto Key { get; init; }
    /// <summary>Send as X-Api-Key or Authorization: Bearer. Shown once; only its hash is stored.</summary>
    /// <example>ihk_Xy3kP0aBq9...</example>
    public required string Secret { get; init; }
}

public sealed record CreateKeyRequest
{
    /// <example>Cần Thơ portal editors</example>
    public string? Name { get; init; }
    /// <summary>reader, editor or admin.</summary>
    /// <example>editor</example>
    public string? Role { get; init; }
}

public static class CreateKey
{
    public sealed record Command(string? Name, string? Role, Author Author) : ICommand<CreatedApiKeyDto>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator()
        {
            RuleFor(c => c.Name).NotEmpty().MaximumLength(200);
            RuleFor(c => c.Role).NotEmpty().Must(r => Enum.TryParse<ApiKeyRole>(r, ignoreCase: true, out var role) && Enum.IsDefined(role) && !int.TryParse(r, out _))
                .WithMessage("must be reader, editor or admin.");
        }
    }

    public sealed class Handler(IndexHubDbContext db, TimeProvider clock) : ICommandHandler<Command, CreatedApiKeyDto>
    {
        public async ValueTask<CreatedApiKeyDto> Handle(Command command, CancellationToken cancellationToken)
        {
            var secret = ApiKeySecrets.Generate();
            var key = new ApiKey
            {
                Name = command.Name!.Trim(),
                Role = Enum.Parse<ApiKeyRole>(command.Role!, ignoreCase: true),
                Prefix = ApiKeySecrets.Prefix(secret),
                Hash = ApiKeySecrets.Hash(secret),
                CreatedAt = clock.GetUtcNow().UtcDateTime,
            };
            db.ApiKeys.Add(key);
            // The audit records the key's name, role and prefix: never the secret.
            db.Record(command.Author, clock, "key.create", $"key {key.Prefix}", null, new { key.Name, key.Role, key.Prefix });
            await db.SaveChangesAsync(cancellationToken);
            return new CreatedApiKeyDto { Key = ToDto(key), Secret = secret };
        }
    }

    internal static ApiKeyDto ToDto(ApiKey k) => new() { Id = k.Id, Name = k.Name, Role = k.Role, Prefix = k.Prefix, CreatedAt = k.CreatedAt, RevokedAt = k.RevokedAt };
}

public static class ListKeys
{
    public sealed record Query : IQuery<Page<ApiKeyDto>>;

    public sealed class Handler(IndexHubDbContext db) : IQueryHandler<Query, Page<ApiKeyDto>>
    {
        public async ValueTask<Page<ApiKeyDto>> Handle(Query query, CancellationToken cancellationToken) =>
            Page<ApiKeyDto>.All((await db.ApiKeys.OrderBy(k => k.Id).ToListAsync(cancellationToken)).Select(CreateKey.ToDto).ToList());
    }
}

public static class RevokeKey
{
    /// <param name="Key">The key's id or its prefix.</param>
    /// <param name="Author">Who revokes.</param>
    public sealed record Command(string Key, Author Author) : ICommand<ApiKeyDto?>;

    public sealed class Validator : AbstractValidator<Command>
    {
        public Validator() => RuleFor(c => c.Key).NotEmpty().MaximumLength(64);
    }

    public sealed class Handler(IndexHubDbContext db, TimeProvider clock) : ICommandHandler<Command, ApiKeyDto?>
    {
        public async ValueTask<ApiKeyDto?> Handle(Command command, CancellationToken cancellationToken)
        {
            var byId = int.TryParse(command.Key, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id);
            var key = await db.ApiKeys.AsTracking().SingleOrDefaultAsync(k => byId ? k.Id == id : k.Prefix == command.Key, cancellationToken);
            if (key is null)
            {
                return null;
            }
            if (key.RevokedAt is null && key.Role == ApiKeyRole.Admin
                && !await db.ApiKeys.AnyAsync(k => k.Id != key.Id && k.Role == ApiKeyRole.Admin && k.RevokedAt == null, cancellationToken))
            {
                // Nobody could then manage keys or read the audit through the API.
                throw new ConflictException("The last admin key cannot be revoked.",
                    $"Key {key.Id} ({key.Name}) is the only active admin key: create another admin key first (POST /api/v1/admin/keys, or `keys create --role admin`), then revoke this one.");
            }
            if (key.RevokedAt is null)
            {
                key.RevokedAt = clock.GetUtcNow().UtcDateTime;
                db.Record(command.Author, clock, "key.revoke", $"key {key.Prefix}", new { key.Name, key.Role, Revoked = false }, new { key.Name, key.Role, Revoked = true });
                await db.SaveChangesAsync(cancellationToken);
            }
            return CreateKey.ToDto(key);
        }
    }
}
