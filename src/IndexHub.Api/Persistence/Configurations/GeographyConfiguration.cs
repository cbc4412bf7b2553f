using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace IndexHub.Api.Persistence.Configurations;

internal sealed class RegionConfiguration : IEntityTypeConfiguration<Region>
{
    public void Configure(EntityTypeBuilder<Region> builder)
    {
        builder.ToTable("regions");
        builder.HasIndex(r => r.Code).IsUnique();
        builder.Property(r => r.Code).HasMaxLength(64);
        builder.Property(r => r.NameVi).HasMaxLength(128);
        builder.Property(r => r.NameEn).HasMaxLength(128);
        builder.Property(r => r.LegalBasis).HasMaxLength(128);
    }
}

internal sealed class AdministrativeUnitConfiguration : IEntityTypeConfiguration<AdministrativeUnit>
{
    public void Configure(EntityTypeBuilder<AdministrativeUnit> builder)
    {
        builder.ToTable("units");
        builder.HasIndex(u => u.Key).IsUnique();
        builder.HasIndex(u => new { u.Code, u.ValidFrom });
        builder.Property(u => u.Key).HasMaxLength(96);
        builder.Property(u => u.Code).HasMaxLength(64);
        builder.Property(u => u.Name).HasMaxLength(200);
        builder.Property(u => u.FullName).HasMaxLength(200);
        builder.Property(u => u.NameAscii).HasMaxLength(200);
        builder.Property(u => u.NameEn).HasMaxLength(200);
        builder.Property(u => u.Source).HasMaxLength(500);
        builder.HasOne(u => u.Region).WithMany().HasForeignKey(u => u.RegionId).OnDelete(DeleteBehavior.Restrict);
        builder.HasOne(u => u.Parent).WithMany().HasForeignKey(u => u.ParentId).OnDelete(DeleteBehavior.Restrict);
        builder.HasMany(u => u.Names).WithOne().HasForeignKey(n => n.UnitId).OnDelete(DeleteBehavior.Cascade);
    }
}

internal sealed class UnitNameConfiguration : IEntityTypeConfiguration<UnitName>
{
    public void Configure(EntityTypeBuilder<UnitName> builder)
    {
        builder.ToTable("unit_names");
        builder.HasIndex(n => n.MatchKey);
        builder.HasIndex(n => new { n.UnitId, n.Kind, n.Value, n.ValidFrom }).IsUnique();
        builder.Property(n => n.Value).HasMaxLength(200);
        builder.Property(n => n.FullName).HasMaxLength(200);
        builder.Property(n => n.MatchKey).HasMaxLength(200);
    }
}

internal sealed class LineageEventConfiguration : IEntityTypeConfiguration<LineageEvent>
{
    public void Configure(EntityTypeBuilder<LineageEvent> builder)
    {
        builder.ToTable("lineage_events");
        builder.HasIndex(e => new { e.FromUnitId, e.ToUnitId, e.Effective }).IsUnique();
        builder.Property(e => e.LegalBasis).HasMaxLength(200);
        builder.HasOne(e => e.From).WithMany(u => u.SuccessorEvents).HasForeignKey(e => e.FromUnitId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(e => e.To).WithMany(u => u.PredecessorEvents).HasForeignKey(e => e.ToUnitId).OnDelete(DeleteBehavior.Cascade);
    }
}
