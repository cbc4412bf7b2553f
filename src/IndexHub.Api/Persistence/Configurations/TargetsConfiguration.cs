using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IndexHub.Api.Persistence.Configurations;

internal sealed class TargetConfiguration : IEntityTypeConfiguration<Target>
{
    public void Configure(EntityTypeBuilder<Target> builder)
    {
        builder.ToTable("targets");
        builder.HasIndex(t => t.ShippedKey).IsUnique();
        builder.HasIndex(t => new { t.UnitId, t.FromYear });
        builder.HasIndex(t => new { t.IndexId, t.FromYear });
        builder.Property(t => t.Revision).IsConcurrencyToken();
        builder.Property(t => t.ShippedKey).HasMaxLength(400);
        builder.Property(t => t.ComponentLabel).HasMaxLength(300);
        builder.Property(t => t.SetBy).HasMaxLength(300);
        builder.Property(t => t.Owner).HasMaxLength(300);
        builder.Property(t => t.SourceTitle).HasMaxLength(500);
        builder.Property(t => t.SourceUrl).HasMaxLength(2000);
        builder.Property(t => t.Quote).HasMaxLength(4000);
        builder.Property(t => t.EvaluationInSource).HasMaxLength(1000);
        builder.HasOne<AdministrativeUnit>().WithMany().HasForeignKey(t => t.UnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<AdministrativeUnit>().WithMany().HasForeignKey(t => t.OwnerUnitId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<IndexDefinition>().WithMany().HasForeignKey(t => t.IndexId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne<IndexComponent>().WithMany().HasForeignKey(t => t.ComponentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class TargetRevisionConfiguration : IEntityTypeConfiguration<TargetRevision>
{
    public void Configure(EntityTypeBuilder<TargetRevision> builder)
    {
        builder.ToTable("target_revisions");
        builder.HasIndex(r => new { r.TargetId, r.Number }).IsUnique();
        builder.Property(r => r.Operation).HasMaxLength(32);
        builder.Property(r => r.Actor).HasMaxLength(200);
        builder.Property(r => r.RequestId).HasMaxLength(128);
        builder.HasOne<Target>().WithMany().HasForeignKey(r => r.TargetId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne<ApiKey>().WithMany().HasForeignKey(r => r.ApiKeyId).OnDelete(DeleteBehavior.Restrict);
    }
}
