using System.Globalization;
using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Domain.Results;
using IndexHub.Api.Persistence.Entities;

namespace IndexHub.Api.Persistence.Loading;

/// <summary>
/// DDCI: each province's own ranking of its departments (sở, ban, ngành) and localities (districts), as reports give
/// it (data/press/ddci.csv): leaders with scores, some last places, and the cohorts' published means and medians. A
/// row that lists several units ("the five leading departments were ...") states that each is in the group, not a
/// place: each unit gets the statement, with no rank.
/// </summary>
public static class DdciRows
{
    /// <summary>Departments, or localities (districts and towns): the two cohorts a province ranks.</summary>
    public static UnitType UnitTypeOf(string cohort) =>
        cohort.Trim().StartsWith("departments", StringComparison.Ordinal) ? UnitType.Department : UnitType.District;

    /// <summary>The units a row names: one, or a list separated by ';'; none for a cohort's mean or median.</summary>
    public static IReadOnlyList<string> UnitNames(string unit) =>
        unit.Trim().StartsWith('(') ? [] : unit.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>"TP Cẩm Phả" is Cẩm Phả: the city prefix is a spelling, not another unit.</summary>
    public static string ShortName(string written) =>
        written.StartsWith("TP ", StringComparison.Ordinal) ? written[3..].Trim() : written.StartsWith("TP. ", StringComparison.Ordinal) ? written[4..].Trim() : written;

    public static void Read(RecordSink sink, string dataDirectory, string file)
    {
        var codeByName = GeographySource.ReadCsv(Path.Combine(dataDirectory, "provinces_63.csv")).ToDictionary(r => r["name"], r => r["code"], StringComparer.Ordinal);
        foreach (var (origin, row) in sink.Rows(dataDirectory, file))
        {
            var year = int.Parse(row["year"], CultureInfo.InvariantCulture);
            var ownerCode = codeByName[row["province_only"].Trim()];
            var cohortLabel = row["cohort"].Trim();
            var cohort = $"{ownerCode}-{(UnitTypeOf(cohortLabel) == UnitType.Department ? "departments" : "districts")}";
            var score = RecordSink.Decimal(row["score"]);
            var source = PressRows.Source(row, file);
            var quote = RecordSink.Blank(row["quote"]);
            var unit = row["unit"].Trim();
            // "departments (specialised agencies)": the report ranks a part of the departments; the note says which.
            var part = cohortLabel.Contains('(', StringComparison.Ordinal) ? cohortLabel[cohortLabel.IndexOf('(', StringComparison.Ordinal)..] : null;
            if (unit.StartsWith('('))
            {
                var metric = unit.Contains("median", StringComparison.Ordinal) ? "median" : "mean";
                var note = string.Join(". ", new[] { part, RecordSink.Blank(row["note"]) }.OfType<string>());
                sink.Statistics.Add(new StatisticRecord(origin, "DDCI", year, StatisticScope.Cohort, null, cohort, new UnitRef(ownerCode, null), metric, score!.Value, null,
                    source, note.Length == 0 ? null : note));
                continue;
            }
            var names = UnitNames(unit);
            var basis = names.Count == 1 ? PressRows.Basis(row["rank_basis"]) : null;
            var rank = basis is null ? null : RecordSink.Int(row["rank"]);
            for (var i = 0; i < names.Count; i++)
            {
                var stated = PressRows.Note(row, basis);
                if (names.Count > 1)
                {
                    stated = $"{row["rank_basis"].Trim()}: {i + 1} of {names.Count} in the list as given{(stated is null || stated == row["rank_basis"].Trim() ? "" : ". " + stated)}";
                }
                if (part is not null)
                {
                    stated = stated is null ? part : $"{part}. {stated}";
                }
                sink.Results.Add(new ResultRecord(origin, "DDCI", year, new UnitRef(null, names[i], ownerCode), cohort,
                    names.Count == 1 ? score : null, names.Count == 1 && score is not null ? ValueStatus.Published : ValueStatus.NotInSource,
                    rank, null, new Dictionary<string, ComponentValue>(), source, score is null || names.Count > 1 ? "rank_only" : "score", stated, quote, basis));
            }
        }
    }
}
