using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace IndexHub.Api.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Targets : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "targets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ShippedKey = table.Column<string>(type: "character varying(400)", maxLength: 400, nullable: true),
                    UnitId = table.Column<int>(type: "integer", nullable: false),
                    IndexId = table.Column<int>(type: "integer", nullable: false),
                    ComponentId = table.Column<int>(type: "integer", nullable: true),
                    ComponentLabel = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: true),
                    FromYear = table.Column<int>(type: "integer", nullable: false),
                    ToYear = table.Column<int>(type: "integer", nullable: false),
                    Kind = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    Threshold = table.Column<decimal>(type: "numeric", nullable: true),
                    SetBy = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    Owner = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    OwnerUnitId = table.Column<int>(type: "integer", nullable: true),
                    SourceTitle = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    SourceUrl = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    SourceDate = table.Column<DateOnly>(type: "date", nullable: true),
                    Quote = table.Column<string>(type: "character varying(4000)", maxLength: 4000, nullable: false),
                    EvaluationInSource = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: true),
                    Revision = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    DeletedAt = table.Column<DateTime>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_targets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_targets_index_components_ComponentId",
                        column: x => x.ComponentId,
                        principalTable: "index_components",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_targets_indices_IndexId",
                        column: x => x.IndexId,
                        principalTable: "indices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_targets_units_OwnerUnitId",
                        column: x => x.OwnerUnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_targets_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "target_revisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TargetId = table.Column<int>(type: "integer", nullable: false),
                    Number = table.Column<int>(type: "integer", nullable: false),
                    Operation = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: false),
                    At = table.Column<DateTime>(type: "timestamp with time zone", nullable: false),
                    Actor = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ApiKeyId = table.Column<int>(type: "integer", nullable: true),
                    RequestId = table.Column<string>(type: "character varying(128)", maxLength: 128, nullable: true),
                    State = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_target_revisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_target_revisions_api_keys_ApiKeyId",
                        column: x => x.ApiKeyId,
                        principalTable: "api_keys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_target_revisions_targets_TargetId",
                        column: x => x.TargetId,
                        principalTable: "targets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_target_revisions_ApiKeyId",
                table: "target_revisions",
                column: "ApiKeyId");

            migrationBuilder.CreateIndex(
                name: "IX_target_revisions_TargetId_Number",
                table: "target_revisions",
                columns: new[] { "TargetId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_targets_ComponentId",
                table: "targets",
                column: "ComponentId");

            migrationBuilder.CreateIndex(
                name: "IX_targets_IndexId_FromYear",
                table: "targets",
                columns: new[] { "IndexId", "FromYear" });

            migrationBuilder.CreateIndex(
                name: "IX_targets_OwnerUnitId",
                table: "targets",
                column: "OwnerUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_targets_ShippedKey",
                table: "targets",
                column: "ShippedKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_targets_UnitId_FromYear",
                table: "targets",
                columns: new[] { "UnitId", "FromYear" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "target_revisions");

            migrationBuilder.DropTable(
                name: "targets");
        }
    }
}
