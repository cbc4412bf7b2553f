using IndexHub.Api.Persistence.Entities;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace IndexHub.Api.Persistence;

/// <summary>
/// The one model, shared by both engines. Each engine has a subclass that owns its migrations
/// (<see cref="SqliteIndexHubDbContext"/>, <see cref="PostgresIndexHubDbContext"/>); handlers depend on this type.
/// </summary>
public abstract class IndexHubDbContext(DbContextOptions options) : DbContext(options)
{
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<AdministrativeUnit> Units => Set<AdministrativeUnit>();
    public DbSet<UnitName> UnitNames => Set<UnitName>();
    public DbSet<LineageEvent> LineageEvents => Set<LineageEvent>();
    public DbSet<IndexDefinition> Indices => Set<IndexDefinition>();
    public DbSet<IndexEdition> IndexEditions => Set<IndexEdition>();
    public DbSet<IndexComponent> IndexComponents => Set<IndexComponent>();
    public DbSet<IndexTier> IndexTiers => Set<IndexTier>();
    public DbSet<GeographyOverride> GeographyOverrides => Set<GeographyOverride>();
    public DbSet<Cohort> Cohorts => Set<Cohort>();
    public DbSet<Source> Sources => Set<Source>();
    public DbSet<Result> Results => Set<Result>();
    public DbSet<ResultComponent> ResultComponents => Set<ResultComponent>();
    public DbSet<ResultObservation> ResultObservations => Set<ResultObservation>();
    public DbSet<ObservationComponent> ObservationComponents => Set<ObservationComponent>();
    public DbSet<PublishedStatistic> PublishedStatistics => Set<PublishedStatistic>();
    public DbSet<ComputedStatistic> ComputedStatistics => Set<ComputedStatistic>();
    public DbSet<PublishedFact> PublishedFacts => Set<PublishedFact>();
    public DbSet<ApiKey> ApiKeys => Set<ApiKey>();
    public DbSet<Revision> Revisions => Set<Revision>();
    public DbSet<ResultHistory> ResultHistory => Set<ResultHistory>();
    public DbSet<AuditEntry> AuditEntries => Set<AuditEntry>();
    public DbSet<DataVersion> DataVersions => Set<DataVersion>();
    public DbSet<Target> Targets => Set<Target>();
    public DbSet<TargetRevision> TargetRevisions => Set<TargetRevision>();

    /// <summary>
    /// Bumps the data version inside the caller's transaction and returns the new value. Called last, just
    /// before commit: the row lock it takes is held only until then.
    /// </summary>
    public async Task<long> BumpDataVersionAsync(DateTime now, CancellationToken ct)
    {
        await DataVersions.Where(v => v.Id == DataVersion.SingletonId)
            .ExecuteUpdateAsync(set => set.SetProperty(v => v.Version, v => v.Version + 1).SetProperty(v => v.ChangedAt, now), ct);
        return await ReadDataVersionAsync(ct);
    }

    public Task<long> ReadDataVersionAsync(CancellationToken ct) =>
        DataVersions.Where(v => v.Id == DataVersion.SingletonId).Select(v => v.Version).SingleAsync(ct);

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.ApplyConfigurationsFromAssembly(typeof(IndexHubDbContext).Assembly);
    }

    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        // Enums are stored by name: readable in SQL and safe against reordering.
        configurationBuilder.Properties<Enum>().HaveConversion<string>().HaveMaxLength(32);
    }
}

/// <summary>The embedded default. SQLite has no decimal type: decimals are stored as their invariant
/// text, digit for digit (86.97 stays "86.97", 100 stays "100"); ranks and statistics are computed in
/// C#, so SQL never compares or sums them.</summary>
public sealed class SqliteIndexHubDbContext(DbContextOptions<SqliteIndexHubDbContext> options) : IndexHubDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<decimal>().HaveConversion<ExactDecimalText>();
    }

    private sealed class ExactDecimalText() : ValueConverter<decimal, string>(
        value => value.ToString(CultureInfo.InvariantCulture),
        text => decimal.Parse(text, NumberStyles.Number, CultureInfo.InvariantCulture));
}

/// <summary>Production: decimals are exact <c>numeric</c>.</summary>
public sealed class PostgresIndexHubDbContext(DbContextOptions<PostgresIndexHubDbContext> options) : IndexHubDbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder configurationBuilder)
    {
        base.ConfigureConventions(configurationBuilder);
        configurationBuilder.Properties<decimal>().HaveColumnType("numeric");
    }
}
