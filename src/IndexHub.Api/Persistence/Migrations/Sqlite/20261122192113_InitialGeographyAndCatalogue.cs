using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IndexHub.Api.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class InitialGeographyAndCatalogue : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "indices",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    NameVi = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Publisher = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ScaleMin = table.Column<decimal>(type: "TEXT", nullable: false),
                    ScaleMax = table.Column<decimal>(type: "TEXT", nullable: false),
                    ScaleUnit = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    HigherIsBetter = table.Column<bool>(type: "INTEGER", nullable: false),
                    AssessedUnitTypes = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_indices", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "regions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    NameVi = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false),
                    LegalBasis = table.Column<string>(type: "TEXT", maxLength: 128, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_regions", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "index_editions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IndexId = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FirstYear = table.Column<int>(type: "INTEGER", nullable: true),
                    LastYear = table.Column<int>(type: "INTEGER", nullable: true),
                    ScaleMin = table.Column<decimal>(type: "TEXT", nullable: true),
                    ScaleMax = table.Column<decimal>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_index_editions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_index_editions_indices_IndexId",
                        column: x => x.IndexId,
                        principalTable: "indices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "index_tiers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IndexId = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    NameVi = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 100, nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_index_tiers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_index_tiers_indices_IndexId",
                        column: x => x.IndexId,
                        principalTable: "indices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "units",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 96, nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FullName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameAscii = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    RegionId = table.Column<int>(type: "INTEGER", nullable: true),
                    ParentId = table.Column<int>(type: "INTEGER", nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_units", x => x.Id);
                    table.ForeignKey(
                        name: "FK_units_regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_units_units_ParentId",
                        column: x => x.ParentId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "index_components",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EditionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    NameVi = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    NameEn = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Order = table.Column<int>(type: "INTEGER", nullable: false),
                    ScaleMin = table.Column<decimal>(type: "TEXT", nullable: true),
                    ScaleMax = table.Column<decimal>(type: "TEXT", nullable: true),
                    ParentId = table.Column<int>(type: "INTEGER", nullable: true),
                    FirstYear = table.Column<int>(type: "INTEGER", nullable: true),
                    LastYear = table.Column<int>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_index_components", x => x.Id);
                    table.ForeignKey(
                        name: "FK_index_components_index_components_ParentId",
                        column: x => x.ParentId,
                        principalTable: "index_components",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_index_components_index_editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "index_editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "lineage_events",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    FromUnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    ToUnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Effective = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    LegalBasis = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_lineage_events", x => x.Id);
                    table.ForeignKey(
                        name: "FK_lineage_events_units_FromUnitId",
                        column: x => x.FromUnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_lineage_events_units_ToUnitId",
                        column: x => x.ToUnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "unit_names",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FullName = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Type = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    MatchKey = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ValidFrom = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    ValidTo = table.Column<DateOnly>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_unit_names", x => x.Id);
                    table.ForeignKey(
                        name: "FK_unit_names_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_index_components_EditionId_Code",
                table: "index_components",
                columns: new[] { "EditionId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_index_components_ParentId",
                table: "index_components",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_index_editions_Code",
                table: "index_editions",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_index_editions_IndexId",
                table: "index_editions",
                column: "IndexId");

            migrationBuilder.CreateIndex(
                name: "IX_index_tiers_IndexId_Code",
                table: "index_tiers",
                columns: new[] { "IndexId", "Code" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_indices_Code",
                table: "indices",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lineage_events_FromUnitId_ToUnitId_Effective",
                table: "lineage_events",
                columns: new[] { "FromUnitId", "ToUnitId", "Effective" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_lineage_events_ToUnitId",
                table: "lineage_events",
                column: "ToUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_regions_Code",
                table: "regions",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_unit_names_MatchKey",
                table: "unit_names",
                column: "MatchKey");

            migrationBuilder.CreateIndex(
                name: "IX_unit_names_UnitId_Kind_Value_ValidFrom",
                table: "unit_names",
                columns: new[] { "UnitId", "Kind", "Value", "ValidFrom" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_units_Code_ValidFrom",
                table: "units",
                columns: new[] { "Code", "ValidFrom" });

            migrationBuilder.CreateIndex(
                name: "IX_units_Key",
                table: "units",
                column: "Key",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_units_ParentId",
                table: "units",
                column: "ParentId");

            migrationBuilder.CreateIndex(
                name: "IX_units_RegionId",
                table: "units",
                column: "RegionId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "index_components");

            migrationBuilder.DropTable(
                name: "index_tiers");

            migrationBuilder.DropTable(
                name: "lineage_events");

            migrationBuilder.DropTable(
                name: "unit_names");

            migrationBuilder.DropTable(
                name: "index_editions");

            migrationBuilder.DropTable(
                name: "units");

            migrationBuilder.DropTable(
                name: "indices");

            migrationBuilder.DropTable(
                name: "regions");
        }
    }
}
