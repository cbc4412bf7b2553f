using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IndexHub.Api.Persistence.Configurations;

internal sealed class IndexDefinitionConfiguration : IEntityTypeConfiguration<IndexDefinition>
{
    public void Configure(EntityTypeBuilder<IndexDefinition> builder)
    {
        builder.ToTable("indices");
        builder.HasIndex(i => i.Code).IsUnique();
        builder.Property(i => i.Code).HasMaxLength(16);
        builder.Property(i => i.NameVi).HasMaxLength(200);
        builder.Property(i => i.NameEn).HasMaxLength(200);
        builder.Property(i => i.Publisher).HasMaxLength(200);
        builder.Property(i => i.Description).HasMaxLength(2000);
        builder.Property(i => i.AssessedUnitTypes).HasMaxLength(200);
        builder.HasMany(i => i.Editions).WithOne(e => e.Index).HasForeignKey(e => e.IndexId).OnDelete(DeleteBehavior.Cascade);
        builder.HasMany(i => i.Tiers).WithOne().HasForeignKey(t => t.IndexId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class IndexEditionConfiguration : IEntityTypeConfiguration<IndexEdition>
{
    public void Configure(EntityTypeBuilder<IndexEdition> builder)
    {
        builder.ToTable("index_editions");
        builder.HasIndex(e => e.Code).IsUnique();
        builder.Property(e => e.Code).HasMaxLength(32);
        builder.Property(e => e.Name).HasMaxLength(200);
        builder.Property(e => e.Note).HasMaxLength(1000);
        builder.HasMany(e => e.Components).WithOne().HasForeignKey(c => c.EditionId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.OwnerUnit).WithMany().HasForeignKey(e => e.OwnerUnitId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IndexComponentConfiguration : IEntityTypeConfiguration<IndexComponent>
{
    public void Configure(EntityTypeBuilder<IndexComponent> builder)
    {
        builder.ToTable("index_components");
        builder.HasIndex(c => new { c.EditionId, c.Code }).IsUnique();
        builder.Property(c => c.Code).HasMaxLength(64);
        builder.Property(c => c.NameVi).HasMaxLength(200);
        builder.Property(c => c.NameEn).HasMaxLength(200);
        builder.Property(c => c.Kind).HasMaxLength(32);
        builder.Property(c => c.Note).HasMaxLength(1000);
        builder.HasOne(c => c.Parent).WithMany().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Restrict);
    }
}

internal sealed class IndexTierConfiguration : IEntityTypeConfiguration<IndexTier>
{
    public void Configure(EntityTypeBuilder<IndexTier> builder)
    {
        builder.ToTable("index_tiers");
        builder.HasIndex(t => new { t.IndexId, t.Code }).IsUnique();
        builder.Property(t => t.Code).HasMaxLength(32);
        builder.Property(t => t.NameVi).HasMaxLength(100);
        builder.Property(t => t.NameEn).HasMaxLength(100);
    }
}

internal sealed class GeographyOverrideConfiguration : IEntityTypeConfiguration<GeographyOverride>
{
    public void Configure(EntityTypeBuilder<GeographyOverride> builder)
    {
        builder.ToTable("index_geography_overrides");
        builder.HasIndex(g => new { g.IndexId, g.Year }).IsUnique();
        builder.Property(g => g.Note).HasMaxLength(500);
        builder.HasOne<IndexDefinition>().WithMany(i => i.GeographyOverrides).HasForeignKey(g => g.IndexId).OnDelete(DeleteBehavior.Cascade);
    }
}
