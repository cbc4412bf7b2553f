using IndexHub.Api.Persistence;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.UnitTests;

public sealed class ModelTests
{
    [Fact]
    public void Sqlite_migrations_match_the_model()
    {
        using var db = new SqliteDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "Run dotnet ef migrations add for SqliteIndexHubDbContext.");
    }

    [Fact]
    public void Postgres_migrations_match_the_model()
    {
        using var db = new PostgresDesignTimeFactory().CreateDbContext([]);
        Assert.False(db.Database.HasPendingModelChanges(), "Run dotnet ef migrations add for PostgresIndexHubDbContext.");
    }
}
