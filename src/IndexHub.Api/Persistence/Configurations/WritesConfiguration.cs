using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IndexHub.Api.Persistence.Configurations;

internal sealed class ApiKeyConfiguration : IEntityTypeConfiguration<ApiKey>
{
    public void Configure(EntityTypeBuilder<ApiKey> builder)
    {
        builder.ToTable("api_keys");
        builder.HasIndex(k => k.Hash).IsUnique();
        builder.Property(k => k.Name).HasMaxLength(200);
        builder.Property(k => k.Prefix).HasMaxLength(16);
        builder.Property(k => k.Hash).HasMaxLength(64);
    }
}

internal sealed class DataVersionConfiguration : IEntityTypeConfiguration<DataVersion>
{
    public void Configure(EntityTypeBuilder<DataVersion> builder)
    {
        builder.ToTable("data_version");
        builder.Property(v => v.Id).ValueGeneratedNever();
        builder.HasData(new DataVersion { Id = DataVersion.SingletonId, Version = 1, ChangedAt = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc) });
    }
}

internal sealed class RevisionConfiguration : IEntityTypeConfiguration<Revision>
{
    public void Configure(EntityTypeBuilder<Revision> builder)
    {
        builder.ToTable("revisions");
        builder.HasIndex(r => new { r.IndexId, r.Year });
        builder.Property(r => r.Operation).HasMaxLength(32);
        builder.Property(r => r.Actor).HasMaxLength(200);
        builder.Property(r => r.RequestId).HasMaxLength(128);
        builder.HasOne<IndexDefinition>().WithMany().HasForeignKey(r => r.IndexId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(r => r.ApiKeyId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(r => r.Source).WithMany().HasForeignKey(r => r.SourceId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class ResultHistoryConfiguration : IEntityTypeConfiguration<ResultHistory>
{
    public void Configure(EntityTypeBuilder<ResultHistory> builder)
    {
        builder.ToTable("result_history");
        builder.HasIndex(h => new { h.EditionId, h.CohortId, h.Year, h.ValidToRevisionId });
        builder.HasOne<Revision>().WithMany().HasForeignKey(h => h.ValidToRevisionId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> builder)
    {
        builder.ToTable("audit");
        builder.HasIndex(a => a.At);
        builder.Property(a => a.Actor).HasMaxLength(200);
        builder.Property(a => a.Operation).HasMaxLength(32);
        builder.Property(a => a.Target).HasMaxLength(300);
        builder.Property(a => a.RequestId).HasMaxLength(128);
    }
}
