using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IndexHub.Api.Persistence.Configurations;

internal sealed class CohortConfiguration : IEntityTypeConfiguration<Cohort>
{
    public void Configure(EntityTypeBuilder<Cohort> builder)
    {
        builder.ToTable("cohorts");
        builder.HasIndex(c => c.Code).IsUnique();
        builder.Property(c => c.Code).HasMaxLength(64);
        builder.Property(c => c.Name).HasMaxLength(200);
        builder.HasOne(c => c.OwnerUnit).WithMany().HasForeignKey(c => c.OwnerUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class SourceConfiguration : IEntityTypeConfiguration<Source>
{
    public void Configure(EntityTypeBuilder<Source> builder)
    {
        builder.ToTable("sources");
        builder.HasIndex(s => s.Key).IsUnique();
        builder.Property(s => s.Key).HasMaxLength(600);
        builder.Property(s => s.Url).HasMaxLength(600);
        builder.Property(s => s.Citation).HasMaxLength(600);
        builder.Property(s => s.File).HasMaxLength(200);
        builder.Property(s => s.Publisher).HasMaxLength(300);
        builder.Property(s => s.Title).HasMaxLength(600);
        builder.Property(s => s.Carrier).HasMaxLength(600);
    }
}

internal sealed class ResultConfiguration : IEntityTypeConfiguration<Result>
{
    public void Configure(EntityTypeBuilder<Result> builder)
    {
        builder.ToTable("results");
        builder.HasIndex(r => new { r.EditionId, r.CohortId, r.Year, r.UnitId }).IsUnique();
        builder.HasIndex(r => new { r.UnitId, r.Year });
        builder.Property(r => r.ComparabilityNote).HasMaxLength(300);
        builder.HasOne(r => r.Edition).WithMany().HasForeignKey(r => r.EditionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Cohort).WithMany().HasForeignKey(r => r.CohortId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Unit).WithMany().HasForeignKey(r => r.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Tier).WithMany().HasForeignKey(r => r.TierId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.PreviousResult).WithMany().HasForeignKey(r => r.PreviousResultId).OnDelete(DeleteBehavior.SetNull);
        builder.HasMany(r => r.Components).WithOne().HasForeignKey(c => c.ResultId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(r => r.Observations).WithOne().HasForeignKey(o => o.ResultId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ResultComponentConfiguration : IEntityTypeConfiguration<ResultComponent>
{
    public void Configure(EntityTypeBuilder<ResultComponent> builder)
    {
        builder.ToTable("result_components");
        builder.HasIndex(c => new { c.ResultId, c.ComponentId }).IsUnique();
        builder.HasOne(c => c.Component).WithMany().HasForeignKey(c => c.ComponentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ResultObservationConfiguration : IEntityTypeConfiguration<ResultObservation>
{
    public void Configure(EntityTypeBuilder<ResultObservation> builder)
    {
        builder.ToTable("result_observations");
        builder.HasIndex(o => new { o.ResultId, o.SourceId, o.Metric }).IsUnique();
        builder.Property(o => o.Metric).HasMaxLength(64);
        builder.Property(o => o.Note).HasMaxLength(1000);
        builder.Property(o => o.Quote).HasMaxLength(2000);
        builder.HasOne(o => o.Source).WithMany().HasForeignKey(o => o.SourceId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<IndexTier>().WithMany().HasForeignKey(o => o.TierId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(o => o.Components).WithOne().HasForeignKey(c => c.ObservationId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class ObservationComponentConfiguration : IEntityTypeConfiguration<ObservationComponent>
{
    public void Configure(EntityTypeBuilder<ObservationComponent> builder)
    {
        builder.ToTable("observation_components");
        builder.HasIndex(c => new { c.ObservationId, c.ComponentId }).IsUnique();
        builder.HasOne<IndexComponent>().WithMany().HasForeignKey(c => c.ComponentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class PublishedStatisticConfiguration : IEntityTypeConfiguration<PublishedStatistic>
{
    public void Configure(EntityTypeBuilder<PublishedStatistic> builder)
    {
        builder.ToTable("published_statistics");
        // One current value per source and metric; values it replaced stay for reads at earlier revisions.
        builder.HasIndex(s => new { s.EditionId, s.Year, s.Scope, s.RegionId, s.CohortId, s.Metric, s.SourceId }).IsUnique()
            .HasFilter("\"ReplacedRevisionId\" IS NULL");
        builder.Property(s => s.Metric).HasMaxLength(64);
        builder.Property(s => s.Note).HasMaxLength(1000);
        builder.HasOne(s => s.Edition).WithMany().HasForeignKey(s => s.EditionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.Cohort).WithMany().HasForeignKey(s => s.CohortId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.Region).WithMany().HasForeignKey(s => s.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(s => s.Source).WithMany().HasForeignKey(s => s.SourceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ComputedStatisticConfiguration : IEntityTypeConfiguration<ComputedStatistic>
{
    public void Configure(EntityTypeBuilder<ComputedStatistic> builder)
    {
        builder.ToTable("computed_statistics");
        builder.HasIndex(s => new { s.EditionId, s.CohortId, s.Year, s.ComponentId, s.RegionId }).IsUnique();
        builder.HasOne<IndexEdition>().WithMany().HasForeignKey(s => s.EditionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Cohort>().WithMany().HasForeignKey(s => s.CohortId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<IndexComponent>().WithMany().HasForeignKey(s => s.ComponentId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<Region>().WithMany().HasForeignKey(s => s.RegionId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class PublishedFactConfiguration : IEntityTypeConfiguration<PublishedFact>
{
    public void Configure(EntityTypeBuilder<PublishedFact> builder)
    {
        builder.ToTable("published_facts");
        builder.HasIndex(f => new { f.EditionId, f.UnitId, f.Year, f.Kind, f.SourceId }).IsUnique();
        builder.Property(f => f.Text).HasMaxLength(1000);
        builder.HasOne(f => f.Edition).WithMany().HasForeignKey(f => f.EditionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(f => f.Unit).WithMany().HasForeignKey(f => f.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(f => f.Source).WithMany().HasForeignKey(f => f.SourceId).OnDelete(DeleteBehavior.Restrict);
    }
}
