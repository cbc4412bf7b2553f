using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using IndexHub.Api.Domain.Geography;

namespace IndexHub.Api.Persistence.Loading;

public sealed record RegionDefinition(string Code, int Order, string NameVi, string NameEn, string LegalBasis);

public sealed record NameDefinition(string Name, string FullName, UnitType Type, DateOnly? ValidFrom, DateOnly? ValidTo);

public sealed record UnitDefinition(
    string Key,
    string Code,
    UnitType Type,
    DateOnly? ValidFrom,
    DateOnly? ValidTo,
    string Name,
    string FullName,
    string NameAscii,
    string? NameEn,
    string? RegionCode,
    string? ParentKey,
    IReadOnlyList<NameDefinition> OfficialNames,
    IReadOnlyList<string> Aliases,
    string Source);

public sealed record LineageDefinition(string FromKey, string ToKey, LineageKind Kind, DateOnly Effective, string LegalBasis);

/// <summary>The geography over time as the shipped files describe it.</summary>
public sealed record GeographyDefinition(
    IReadOnlyList<RegionDefinition> Regions,
    IReadOnlyList<UnitDefinition> Units,
    IReadOnlyList<LineageDefinition> Lineage)
{
    /// <summary>A province's own cohorts that its index publishes figures for (a cohort mean) though none of their units is named.</summary>
    public IReadOnlyList<(string OwnerKey, UnitType Type)> OwnCohorts { get; init; } = [];
}

/// <summary>
/// Reads the reference geography from the data folder: the 63 provinces (until 2025-06-30), the 34
/// (from 2025-07-01), provinces dissolved earlier (Hà Tây), renames (Huế) and the departments and
/// districts that provinces rank internally. Pure: files in, definitions out.
/// </summary>
public static class GeographySource
{
    public static readonly DateOnly MergerDate = new(2025, 7, 1);
    public static readonly DateOnly LastDayBeforeMerger = MergerDate.AddDays(-1);
    private const string MergerLegalBasis = "Nghị quyết 202/2025/QH15";
    private const string RegionLegalBasis = "Nghị quyết 81/2023/QH15";

    public static string UnitKey(string code, DateOnly? validFrom) =>
        $"{code}@{validFrom?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "start"}";

    public static GeographyDefinition Read(string dataDirectory)
    {
        var rows63 = ReadCsv(Path.Combine(dataDirectory, "provinces_63.csv"));
        var rows34 = ReadCsv(Path.Combine(dataDirectory, "provinces_34.csv"));
        var dissolved = ReadCsv(Path.Combine(dataDirectory, "provinces_dissolved.csv"));
        var renames = ReadCsv(Path.Combine(dataDirectory, "province_renames.csv")).ToDictionary(r => r["code"]);
        // English forms in use where they differ from the name without diacritics (Hanoi, Ho Chi Minh City); else that name.
        var english = ReadCsv(Path.Combine(dataDirectory, "province_english_names.csv")).ToDictionary(r => r["code"], r => r["name_en"]);
        var internalRows = ReadCsv(Path.Combine(dataDirectory, "hanoi_par_internal.csv"));

        var regions = rows63
            .Concat(dissolved.Select(d => rows63.First(r => r["region_order_nq81"] == d["region_order_nq81"])))
            .Select(r => new RegionDefinition(
                Slug(r["region_en"]), int.Parse(r["region_order_nq81"], CultureInfo.InvariantCulture), r["region_vi"], r["region_en"], RegionLegalBasis))
            .DistinctBy(r => r.Order)
            .OrderBy(r => r.Order)
            .ToList();
        string RegionCode(string order) => regions.Single(r => r.Order == int.Parse(order, CultureInfo.InvariantCulture)).Code;

        var unchanged = rows34.Where(r => r["merged"] == "no").Select(r => r["code"]).ToHashSet();
        var units = new List<UnitDefinition>();
        var lineage = new List<LineageDefinition>();
        var oldKeyByCode = new Dictionary<string, string>();

        foreach (var row in rows63)
        {
            var code = row["code"];
            // The 11 provinces that the merger left whole keep their identity across 2025.
            DateOnly? validTo = unchanged.Contains(code) ? null : LastDayBeforeMerger;
            var type = ParseType(row["type"]);
            var names = new List<NameDefinition>();
            var aliases = SplitList(row["aliases_seen_in_sources"]).ToList();
            if (renames.TryGetValue(code, out var rename))
            {
                var renamedOn = DateOnly.ParseExact(rename["effective"], "yyyy-MM-dd", CultureInfo.InvariantCulture);
                names.Add(new NameDefinition(rename["old_name"], rename["old_full_name"], ParseType(rename["old_type"]), null, renamedOn.AddDays(-1)));
                names.Add(new NameDefinition(rename["new_name"], rename["new_full_name"], ParseType(rename["new_type"]), renamedOn, validTo));
            }
            else
            {
                names.Add(new NameDefinition(row["name"], row["full_name"], type, null, validTo));
            }
            var key = UnitKey(code, null);
            oldKeyByCode[code] = key;
            units.Add(new UnitDefinition(
                key, code, type, null, validTo, row["name"], row["full_name"], row["name_ascii"],
                english.GetValueOrDefault(code) ?? row["name_ascii"], RegionCode(row["region_order_nq81"]), null, names, aliases,
                "data/provinces_63.csv (dvhcvn v20250301; regions per Nghị quyết 81/2023/QH15)"));
        }

        foreach (var row in dissolved)
        {
            var code = row["code"];
            var validTo = DateOnly.ParseExact(row["valid_to"], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var type = ParseType(row["type"]);
            var key = UnitKey(code, null);
            units.Add(new UnitDefinition(
                key, code, type, null, validTo, row["name"], row["full_name"], row["name_ascii"], row["name_ascii"],
                RegionCode(row["region_order_nq81"]), null,
                [new NameDefinition(row["name"], row["full_name"], type, null, validTo)], [], $"data/provinces_dissolved.csv: {row["source"]}"));
            lineage.Add(new LineageDefinition(
                key, oldKeyByCode[row["merged_into_code"]], LineageKind.MergedInto,
                DateOnly.ParseExact(row["effective"], "yyyy-MM-dd", CultureInfo.InvariantCulture), row["legal_basis"]));
        }

        var oldByCode = units.Where(u => u.ValidFrom is null).ToDictionary(u => u.Code);
        foreach (var row in rows34.Where(r => r["merged"] == "yes"))
        {
            var code = row["code"];
            var fullName = row["name"];
            var name = VietnameseNames.ShortName(fullName);
            var type = ParseType(row["type"]);
            var predecessors = SplitList(row["old_codes"]).Select(c => oldByCode[c]).ToList();
            // A merged province lies in one region only when all its predecessors did; the
            // regions of the 34 are not yet settled in law, so nothing is assumed otherwise.
            var predecessorRegions = predecessors.Select(p => p.RegionCode).Distinct().ToList();
            // The province that gave its name also gives its spellings (TP.HCM keeps "HCMC").
            var namesake = predecessors.FirstOrDefault(p => VietnameseNames.MatchKey(p.Name) == VietnameseNames.MatchKey(name));
            var key = UnitKey(code, MergerDate);
            units.Add(new UnitDefinition(
                key, code, type, MergerDate, null, name, fullName, VietnameseNames.ToAscii(name), english.GetValueOrDefault(code) ?? VietnameseNames.ToAscii(name),
                predecessorRegions.Count == 1 ? predecessorRegions[0] : null, null,
                [new NameDefinition(name, fullName, type, MergerDate, null)], namesake?.Aliases ?? [],
                "data/provinces_34.csv (dvhcvn 20250701 mapping; Nghị quyết 202/2025/QH15)"));
            lineage.AddRange(predecessors.Select(p => new LineageDefinition(p.Key, key, LineageKind.MergedInto, MergerDate, MergerLegalBasis)));
        }

        units.AddRange(ReadInternalUnits(internalRows, oldKeyByCode["01"]));
        var (ddciUnits, ddciCohorts) = ReadDdciUnits(dataDirectory, rows63, oldKeyByCode);
        units.AddRange(ddciUnits);
        return new GeographyDefinition(regions, units, lineage) { OwnCohorts = ddciCohorts };
    }

    /// <summary>Hà Nội's departments and districts, as its own PAR table names them.</summary>
    private static IEnumerable<UnitDefinition> ReadInternalUnits(IEnumerable<IReadOnlyDictionary<string, string>> rows, string hanoiKey)
    {
        foreach (var row in rows.Where(r => r["unit_type"] is "department" or "district").DistinctBy(r => r["unit_name"]))
        {
            var name = row["unit_name"];
            var type = row["unit_type"] == "district" ? UnitType.District : UnitType.Department;
            // The district level was abolished on 2025-07-01; departments' own changes are not held.
            DateOnly? validTo = type == UnitType.District ? LastDayBeforeMerger : null;
            var code = "01-" + Slug(name);
            yield return new UnitDefinition(
                UnitKey(code, null), code, type, null, validTo, name, name, VietnameseNames.ToAscii(name), null, null, hanoiKey,
                [new NameDefinition(name, name, type, null, validTo)], [],
                "data/hanoi_par_internal.csv (Tuổi trẻ Thủ đô, 20/02/2024)");
        }
    }

    /// <summary>
    /// The departments and localities that provinces rank in their own DDCI, as the reports name them (data/press/ddci.csv).
    /// A unit is its province's code and its name ("48-cam-le"); "TP Cẩm Phả" and "Cẩm Phả" are one unit.
    /// </summary>
    private static (List<UnitDefinition> Units, List<(string OwnerKey, UnitType Type)> Cohorts) ReadDdciUnits(
        string dataDirectory, IEnumerable<IReadOnlyDictionary<string, string>> rows63, Dictionary<string, string> oldKeyByCode)
    {
        var units = new List<UnitDefinition>();
        var cohorts = new List<(string, UnitType)>();
        var path = Path.Combine(dataDirectory, "press", "ddci.csv");
        if (!File.Exists(path))
        {
            return (units, cohorts);
        }
        var codeByName = rows63.ToDictionary(r => r["name"], r => r["code"], StringComparer.Ordinal);
        foreach (var row in ReadCsv(path))
        {
            var ownerCode = codeByName[row["province_only"].Trim()];
            var type = DdciRows.UnitTypeOf(row["cohort"]);
            cohorts.Add((oldKeyByCode[ownerCode], type));
            foreach (var written in DdciRows.UnitNames(row["unit"]))
            {
                var name = DdciRows.ShortName(written);
                var code = $"{ownerCode}-{Slug(name)}";
                if (units.Any(u => u.Code == code))
                {
                    continue;
                }
                // The district level was abolished on 2025-07-01; departments' own changes are not held.
                DateOnly? validTo = type == UnitType.District ? LastDayBeforeMerger : null;
                var aliases = written == name ? Array.Empty<string>() : [written];
                units.Add(new UnitDefinition(
                    UnitKey(code, null), code, type, null, validTo, name, written, VietnameseNames.ToAscii(name), null, null, oldKeyByCode[ownerCode],
                    [new NameDefinition(name, written, type, null, validTo)], aliases,
                    $"data/press/ddci.csv ({row["source_url"]})"));
            }
        }
        return (units, cohorts.Distinct().ToList());
    }

    private static UnitType ParseType(string type) => type switch
    {
        "Tỉnh" => UnitType.Province,
        "Thành phố" => UnitType.Municipality,
        _ => throw new InvalidDataException($"Unknown unit type '{type}'."),
    };

    private static IEnumerable<string> SplitList(string value) =>
        value.Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    private static string Slug(string text) => VietnameseNames.Fold(text).Replace(' ', '-');

    internal static List<IReadOnlyDictionary<string, string>> ReadCsv(string path)
    {
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture) { TrimOptions = TrimOptions.Trim });
        csv.Read();
        csv.ReadHeader();
        var header = csv.HeaderRecord ?? throw new InvalidDataException($"{path} has no header row.");
        var rows = new List<IReadOnlyDictionary<string, string>>();
        while (csv.Read())
        {
            var row = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < header.Length; i++)
            {
                row[header[i]] = csv.GetField(i) ?? "";
            }
            rows.Add(row);
        }
        return rows;
    }
}
