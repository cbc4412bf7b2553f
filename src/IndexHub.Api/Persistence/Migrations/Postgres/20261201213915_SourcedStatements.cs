using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace IndexHub.Api.Persistence.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class SourcedStatements : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_published_statistics_EditionId_Year_Scope_RegionId_CohortId~",
                table: "published_statistics");

            migrationBuilder.AddColumn<string>(
                name: "Carrier",
                table: "sources",
                type: "character varying(600)",
                maxLength: 600,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Kind",
                table: "sources",
                type: "character varying(32)",
                maxLength: 32,
                nullable: false,
                defaultValue: "Press");

            migrationBuilder.AddColumn<DateOnly>(
                name: "PublishedOn",
                table: "sources",
                type: "date",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Publisher",
                table: "sources",
                type: "character varying(300)",
                maxLength: 300,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "Title",
                table: "sources",
                type: "character varying(600)",
                maxLength: 600,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "Recomputed",
                table: "revisions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "StatisticsChanged",
                table: "revisions",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Quote",
                table: "result_observations",
                type: "character varying(2000)",
                maxLength: 2000,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "RankBasis",
                table: "result_observations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RankSequence",
                table: "result_observations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "Sequence",
                table: "result_observations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "Status",
                table: "result_observations",
                type: "character varying(32)",
                maxLength: 32,
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TierId",
                table: "result_observations",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "TierSequence",
                table: "result_observations",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<int>(
                name: "CreatedRevisionId",
                table: "published_statistics",
                type: "integer",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "ReplacedRevisionId",
                table: "published_statistics",
                type: "integer",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "observation_components",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    ObservationId = table.Column<int>(type: "integer", nullable: false),
                    ComponentId = table.Column<int>(type: "integer", nullable: false),
                    Score = table.Column<decimal>(type: "numeric", nullable: true),
                    Status = table.Column<string>(type: "character varying(32)", maxLength: 32, nullable: true),
                    Rank = table.Column<int>(type: "integer", nullable: true),
                    Sequence = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_observation_components", x => x.Id);
                    table.ForeignKey(
                        name: "FK_observation_components_index_components_ComponentId",
                        column: x => x.ComponentId,
                        principalTable: "index_components",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_observation_components_result_observations_ObservationId",
                        column: x => x.ObservationId,
                        principalTable: "result_observations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_result_observations_TierId",
                table: "result_observations",
                column: "TierId");

            migrationBuilder.CreateIndex(
                name: "IX_published_statistics_EditionId_Year_Scope_RegionId_CohortId~",
                table: "published_statistics",
                columns: new[] { "EditionId", "Year", "Scope", "RegionId", "CohortId", "Metric", "SourceId" },
                unique: true,
                filter: "\"ReplacedRevisionId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_observation_components_ComponentId",
                table: "observation_components",
                column: "ComponentId");

            migrationBuilder.CreateIndex(
                name: "IX_observation_components_ObservationId_ComponentId",
                table: "observation_components",
                columns: new[] { "ObservationId", "ComponentId" },
                unique: true);

            migrationBuilder.AddForeignKey(
                name: "FK_result_observations_index_tiers_TierId",
                table: "result_observations",
                column: "TierId",
                principalTable: "index_tiers",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_result_observations_index_tiers_TierId",
                table: "result_observations");

            migrationBuilder.DropTable(
                name: "observation_components");

            migrationBuilder.DropIndex(
                name: "IX_result_observations_TierId",
                table: "result_observations");

            migrationBuilder.DropIndex(
                name: "IX_published_statistics_EditionId_Year_Scope_RegionId_CohortId~",
                table: "published_statistics");

            migrationBuilder.DropColumn(
                name: "Carrier",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "Kind",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "PublishedOn",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "Publisher",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "Title",
                table: "sources");

            migrationBuilder.DropColumn(
                name: "Recomputed",
                table: "revisions");

            migrationBuilder.DropColumn(
                name: "StatisticsChanged",
                table: "revisions");

            migrationBuilder.DropColumn(
                name: "Quote",
                table: "result_observations");

            migrationBuilder.DropColumn(
                name: "RankBasis",
                table: "result_observations");

            migrationBuilder.DropColumn(
                name: "RankSequence",
                table: "result_observations");

            migrationBuilder.DropColumn(
                name: "Sequence",
                table: "result_observations");

            migrationBuilder.DropColumn(
                name: "Status",
                table: "result_observations");

            migrationBuilder.DropColumn(
                name: "TierId",
                table: "result_observations");

            migrationBuilder.DropColumn(
                name: "TierSequence",
                table: "result_observations");

            migrationBuilder.DropColumn(
                name: "CreatedRevisionId",
                table: "published_statistics");

            migrationBuilder.DropColumn(
                name: "ReplacedRevisionId",
                table: "published_statistics");

            migrationBuilder.CreateIndex(
                name: "IX_published_statistics_EditionId_Year_Scope_RegionId_CohortId~",
                table: "published_statistics",
                columns: new[] { "EditionId", "Year", "Scope", "RegionId", "CohortId", "Metric", "SourceId" },
                unique: true);
        }
    }
}
