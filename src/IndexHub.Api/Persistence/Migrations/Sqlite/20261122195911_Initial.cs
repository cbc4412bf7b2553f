using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace IndexHub.Api.Persistence.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Initial : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "api_keys",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Role = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Prefix = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Hash = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    RevokedAt = table.Column<DateTime>(type: "TEXT", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_api_keys", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "audit",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    At = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ApiKeyId = table.Column<int>(type: "INTEGER", nullable: true),
                    Operation = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Before = table.Column<string>(type: "TEXT", nullable: true),
                    After = table.Column<string>(type: "TEXT", nullable: true),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    RevisionId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_audit", x => x.Id);
                });

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
                    ScaleMin = table.Column<string>(type: "TEXT", nullable: false),
                    ScaleMax = table.Column<string>(type: "TEXT", nullable: false),
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
                name: "sources",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Key = table.Column<string>(type: "TEXT", maxLength: 600, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 600, nullable: true),
                    Citation = table.Column<string>(type: "TEXT", maxLength: 600, nullable: true),
                    File = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_sources", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "index_geography_overrides",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IndexId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    AsOf = table.Column<DateOnly>(type: "TEXT", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_index_geography_overrides", x => x.Id);
                    table.ForeignKey(
                        name: "FK_index_geography_overrides_indices_IndexId",
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
                name: "revisions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    IndexId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false),
                    Operation = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Actor = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    ApiKeyId = table.Column<int>(type: "INTEGER", nullable: true),
                    SourceId = table.Column<int>(type: "INTEGER", nullable: true),
                    Added = table.Column<int>(type: "INTEGER", nullable: false),
                    Changed = table.Column<int>(type: "INTEGER", nullable: false),
                    Deleted = table.Column<int>(type: "INTEGER", nullable: false),
                    Changes = table.Column<string>(type: "TEXT", nullable: false),
                    RequestId = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_revisions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_revisions_api_keys_ApiKeyId",
                        column: x => x.ApiKeyId,
                        principalTable: "api_keys",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_revisions_indices_IndexId",
                        column: x => x.IndexId,
                        principalTable: "indices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_revisions_sources_SourceId",
                        column: x => x.SourceId,
                        principalTable: "sources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "cohorts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Code = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Size = table.Column<int>(type: "INTEGER", nullable: true),
                    OwnerUnitId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_cohorts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_cohorts_units_OwnerUnitId",
                        column: x => x.OwnerUnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
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
                    ScaleMin = table.Column<string>(type: "TEXT", nullable: true),
                    ScaleMax = table.Column<string>(type: "TEXT", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    OwnerUnitId = table.Column<int>(type: "INTEGER", nullable: true)
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
                    table.ForeignKey(
                        name: "FK_index_editions_units_OwnerUnitId",
                        column: x => x.OwnerUnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
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

            migrationBuilder.CreateTable(
                name: "result_history",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EditionId = table.Column<int>(type: "INTEGER", nullable: false),
                    CohortId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    ValidFromRevisionId = table.Column<int>(type: "INTEGER", nullable: true),
                    ValidToRevisionId = table.Column<int>(type: "INTEGER", nullable: false),
                    ValidTo = table.Column<DateTime>(type: "TEXT", nullable: false),
                    State = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_result_history", x => x.Id);
                    table.ForeignKey(
                        name: "FK_result_history_revisions_ValidToRevisionId",
                        column: x => x.ValidToRevisionId,
                        principalTable: "revisions",
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
                    ScaleMin = table.Column<string>(type: "TEXT", nullable: true),
                    ScaleMax = table.Column<string>(type: "TEXT", nullable: true),
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
                name: "published_facts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    EditionId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    ComparedToYear = table.Column<int>(type: "INTEGER", nullable: true),
                    Places = table.Column<int>(type: "INTEGER", nullable: true),
                    Text = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false),
                    SourceId = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_published_facts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_published_facts_index_editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "index_editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_published_facts_sources_SourceId",
                        column: x => x.SourceId,
                        principalTable: "sources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_published_facts_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "published_statistics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EditionId = table.Column<int>(type: "INTEGER", nullable: false),
                    CohortId = table.Column<int>(type: "INTEGER", nullable: true),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Scope = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    RegionId = table.Column<int>(type: "INTEGER", nullable: true),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Value = table.Column<string>(type: "TEXT", nullable: false),
                    PublishedRank = table.Column<int>(type: "INTEGER", nullable: true),
                    SourceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_published_statistics", x => x.Id);
                    table.ForeignKey(
                        name: "FK_published_statistics_cohorts_CohortId",
                        column: x => x.CohortId,
                        principalTable: "cohorts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_published_statistics_index_editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "index_editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_published_statistics_regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_published_statistics_sources_SourceId",
                        column: x => x.SourceId,
                        principalTable: "sources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "results",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EditionId = table.Column<int>(type: "INTEGER", nullable: false),
                    CohortId = table.Column<int>(type: "INTEGER", nullable: false),
                    UnitId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    Score = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PublishedRank = table.Column<int>(type: "INTEGER", nullable: true),
                    ComputedRank = table.Column<int>(type: "INTEGER", nullable: true),
                    Percentile = table.Column<string>(type: "TEXT", nullable: true),
                    TierId = table.Column<int>(type: "INTEGER", nullable: true),
                    PreviousResultId = table.Column<int>(type: "INTEGER", nullable: true),
                    ScoreChange = table.Column<string>(type: "TEXT", nullable: true),
                    RankChange = table.Column<int>(type: "INTEGER", nullable: true),
                    Comparable = table.Column<bool>(type: "INTEGER", nullable: true),
                    ComparabilityNote = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    HasConflict = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedRevisionId = table.Column<int>(type: "INTEGER", nullable: true),
                    LastRevisionId = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_results", x => x.Id);
                    table.ForeignKey(
                        name: "FK_results_cohorts_CohortId",
                        column: x => x.CohortId,
                        principalTable: "cohorts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_results_index_editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "index_editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_results_index_tiers_TierId",
                        column: x => x.TierId,
                        principalTable: "index_tiers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_results_results_PreviousResultId",
                        column: x => x.PreviousResultId,
                        principalTable: "results",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_results_units_UnitId",
                        column: x => x.UnitId,
                        principalTable: "units",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "computed_statistics",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    EditionId = table.Column<int>(type: "INTEGER", nullable: false),
                    CohortId = table.Column<int>(type: "INTEGER", nullable: false),
                    Year = table.Column<int>(type: "INTEGER", nullable: false),
                    ComponentId = table.Column<int>(type: "INTEGER", nullable: true),
                    RegionId = table.Column<int>(type: "INTEGER", nullable: true),
                    Count = table.Column<int>(type: "INTEGER", nullable: false),
                    Mean = table.Column<string>(type: "TEXT", nullable: false),
                    Median = table.Column<string>(type: "TEXT", nullable: false),
                    Min = table.Column<string>(type: "TEXT", nullable: false),
                    Max = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_computed_statistics", x => x.Id);
                    table.ForeignKey(
                        name: "FK_computed_statistics_cohorts_CohortId",
                        column: x => x.CohortId,
                        principalTable: "cohorts",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_computed_statistics_index_components_ComponentId",
                        column: x => x.ComponentId,
                        principalTable: "index_components",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_computed_statistics_index_editions_EditionId",
                        column: x => x.EditionId,
                        principalTable: "index_editions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_computed_statistics_regions_RegionId",
                        column: x => x.RegionId,
                        principalTable: "regions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "result_components",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResultId = table.Column<int>(type: "INTEGER", nullable: false),
                    ComponentId = table.Column<int>(type: "INTEGER", nullable: false),
                    Score = table.Column<string>(type: "TEXT", nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    PublishedRank = table.Column<int>(type: "INTEGER", nullable: true),
                    ComputedRank = table.Column<int>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_result_components", x => x.Id);
                    table.ForeignKey(
                        name: "FK_result_components_index_components_ComponentId",
                        column: x => x.ComponentId,
                        principalTable: "index_components",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_result_components_results_ResultId",
                        column: x => x.ResultId,
                        principalTable: "results",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "result_observations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ResultId = table.Column<int>(type: "INTEGER", nullable: false),
                    SourceId = table.Column<int>(type: "INTEGER", nullable: false),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Score = table.Column<string>(type: "TEXT", nullable: true),
                    Rank = table.Column<int>(type: "INTEGER", nullable: true),
                    Note = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_result_observations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_result_observations_results_ResultId",
                        column: x => x.ResultId,
                        principalTable: "results",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_result_observations_sources_SourceId",
                        column: x => x.SourceId,
                        principalTable: "sources",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_api_keys_Hash",
                table: "api_keys",
                column: "Hash",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_audit_At",
                table: "audit",
                column: "At");

            migrationBuilder.CreateIndex(
                name: "IX_cohorts_Code",
                table: "cohorts",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_cohorts_OwnerUnitId",
                table: "cohorts",
                column: "OwnerUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_computed_statistics_CohortId",
                table: "computed_statistics",
                column: "CohortId");

            migrationBuilder.CreateIndex(
                name: "IX_computed_statistics_ComponentId",
                table: "computed_statistics",
                column: "ComponentId");

            migrationBuilder.CreateIndex(
                name: "IX_computed_statistics_EditionId_CohortId_Year_ComponentId_RegionId",
                table: "computed_statistics",
                columns: new[] { "EditionId", "CohortId", "Year", "ComponentId", "RegionId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_computed_statistics_RegionId",
                table: "computed_statistics",
                column: "RegionId");

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
                name: "IX_index_editions_OwnerUnitId",
                table: "index_editions",
                column: "OwnerUnitId");

            migrationBuilder.CreateIndex(
                name: "IX_index_geography_overrides_IndexId_Year",
                table: "index_geography_overrides",
                columns: new[] { "IndexId", "Year" },
                unique: true);

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
                name: "IX_published_facts_EditionId_UnitId_Year_Kind_SourceId",
                table: "published_facts",
                columns: new[] { "EditionId", "UnitId", "Year", "Kind", "SourceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_published_facts_SourceId",
                table: "published_facts",
                column: "SourceId");

            migrationBuilder.CreateIndex(
                name: "IX_published_facts_UnitId",
                table: "published_facts",
                column: "UnitId");

            migrationBuilder.CreateIndex(
                name: "IX_published_statistics_CohortId",
                table: "published_statistics",
                column: "CohortId");

            migrationBuilder.CreateIndex(
                name: "IX_published_statistics_EditionId_Year_Scope_RegionId_CohortId_Metric_SourceId",
                table: "published_statistics",
                columns: new[] { "EditionId", "Year", "Scope", "RegionId", "CohortId", "Metric", "SourceId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_published_statistics_RegionId",
                table: "published_statistics",
                column: "RegionId");

            migrationBuilder.CreateIndex(
                name: "IX_published_statistics_SourceId",
                table: "published_statistics",
                column: "SourceId");

            migrationBuilder.CreateIndex(
                name: "IX_regions_Code",
                table: "regions",
                column: "Code",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_result_components_ComponentId",
                table: "result_components",
                column: "ComponentId");

            migrationBuilder.CreateIndex(
                name: "IX_result_components_ResultId_ComponentId",
                table: "result_components",
                columns: new[] { "ResultId", "ComponentId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_result_history_EditionId_CohortId_Year_ValidToRevisionId",
                table: "result_history",
                columns: new[] { "EditionId", "CohortId", "Year", "ValidToRevisionId" });

            migrationBuilder.CreateIndex(
                name: "IX_result_history_ValidToRevisionId",
                table: "result_history",
                column: "ValidToRevisionId");

            migrationBuilder.CreateIndex(
                name: "IX_result_observations_ResultId_SourceId_Metric",
                table: "result_observations",
                columns: new[] { "ResultId", "SourceId", "Metric" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_result_observations_SourceId",
                table: "result_observations",
                column: "SourceId");

            migrationBuilder.CreateIndex(
                name: "IX_results_CohortId",
                table: "results",
                column: "CohortId");

            migrationBuilder.CreateIndex(
                name: "IX_results_EditionId_CohortId_Year_UnitId",
                table: "results",
                columns: new[] { "EditionId", "CohortId", "Year", "UnitId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_results_PreviousResultId",
                table: "results",
                column: "PreviousResultId");

            migrationBuilder.CreateIndex(
                name: "IX_results_TierId",
                table: "results",
                column: "TierId");

            migrationBuilder.CreateIndex(
                name: "IX_results_UnitId_Year",
                table: "results",
                columns: new[] { "UnitId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_revisions_ApiKeyId",
                table: "revisions",
                column: "ApiKeyId");

            migrationBuilder.CreateIndex(
                name: "IX_revisions_IndexId_Year",
                table: "revisions",
                columns: new[] { "IndexId", "Year" });

            migrationBuilder.CreateIndex(
                name: "IX_revisions_SourceId",
                table: "revisions",
                column: "SourceId");

            migrationBuilder.CreateIndex(
                name: "IX_sources_Key",
                table: "sources",
                column: "Key",
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
                name: "audit");

            migrationBuilder.DropTable(
                name: "computed_statistics");

            migrationBuilder.DropTable(
                name: "index_geography_overrides");

            migrationBuilder.DropTable(
                name: "lineage_events");

            migrationBuilder.DropTable(
                name: "published_facts");

            migrationBuilder.DropTable(
                name: "published_statistics");

            migrationBuilder.DropTable(
                name: "result_components");

            migrationBuilder.DropTable(
                name: "result_history");

            migrationBuilder.DropTable(
                name: "result_observations");

            migrationBuilder.DropTable(
                name: "unit_names");

            migrationBuilder.DropTable(
                name: "index_components");

            migrationBuilder.DropTable(
                name: "revisions");

            migrationBuilder.DropTable(
                name: "results");

            migrationBuilder.DropTable(
                name: "api_keys");

            migrationBuilder.DropTable(
                name: "sources");

            migrationBuilder.DropTable(
                name: "cohorts");

            migrationBuilder.DropTable(
                name: "index_editions");

            migrationBuilder.DropTable(
                name: "index_tiers");

            migrationBuilder.DropTable(
                name: "units");

            migrationBuilder.DropTable(
                name: "indices");

            migrationBuilder.DropTable(
                name: "regions");
        }
    }
}
