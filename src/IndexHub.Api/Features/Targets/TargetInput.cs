using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Domain.Targets;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Persistence.Entities;

namespace IndexHub.Api.Features.Targets;

/// <summary>A target as an editor (or the shipped file) states it. Unit, index, component and owner are named as people write them.</summary>
public sealed record TargetInput
{
    /// <summary>The province by code or any name a publisher uses, read on the last day of fromYear.</summary>
    /// <example>TP.HCM</example>
    public string? Province { get; init; }
    /// <summary>One of the province's own departments or districts, where the goal is theirs (code or name); omit for the province.</summary>
    /// <example>null</example>
    public string? Unit { get; init; }
    /// <example>PAR</example>
    public string? Index { get; init; }
    /// <summary>A component by code or name (a PAR field), where the goal is for one.</summary>
    /// <example>null</example>
    public string? Component { get; init; }
    /// <example>2023</example>
    public int? FromYear { get; init; }
    /// <summary>The last year of a range; default fromYear.</summary>
    /// <example>2023</example>
    public int? ToYear { get; init; }
    /// <summary>rank_at_most:N, score_at_least:X, rank_better_than_previous_year, score_above_national_mean or improve (no figure stated).</summary>
    /// <example>rank_at_most:15</example>
    public string? Target { get; init; }
    /// <example>UBND TP.HCM</example>
    public string? SetBy { get; init; }
    /// <summary>The agency that leads it; matched to one of the province's own units where IndexHub holds one by that name.</summary>
    /// <example>Sở Nội vụ TP.HCM</example>
    public string? Owner { get; init; }
    /// <example>Baoquocte.vn: TP Hồ Chí Minh nỗ lực cải thiện chỉ số cải cách hành chính</example>
    public string? SourceTitle { get; init; }
    /// <example>null</example>
    public string? SourceUrl { get; init; }
    /// <example>2024-05-10</example>
    public DateOnly? SourceDate { get; init; }
    /// <summary>The source's words that set the goal (required: a target is data with provenance).</summary>
    /// <example>mục tiêu Thành phố trong nhóm 10 -15 tỉnh, thành đứng đầu về các chỉ số cải cách hành chính</example>
    public string? Quote { get; init; }
    /// <summary>What the source itself concluded, where it did.</summary>
    /// <example>not met: 33rd of 63 in 2023</example>
    public string? EvaluationInSource { get; init; }
}

/// <summary>Checks a target input and resolves its names against the catalogue: every problem at once, keyed by field.</summary>
public static class TargetResolution
{
    public static (Target? Target, Dictionary<string, string[]> Errors) Resolve(ReferenceCatalogue catalogue, TargetInput input)
    {
        var errors = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        void Add(string field, string message)
        {
            if (!errors.TryGetValue(field, out var list))
            {
                errors[field] = list = [];
            }
            list.Add(message);
        }
        string? Required(string field, string? value, int max)
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                Add(field, "required.");
                return null;
            }
            if (value.Trim().Length > max)
            {
                Add(field, $"at most {max} characters.");
            }
            return value.Trim();
        }

        var from = input.FromYear;
        var to = input.ToYear ?? from;
        if (from is null or < 2004 or > 2100)
        {
            Add("fromYear", "a year from 2004 to 2100 is required.");
        }
        if (to is < 2004 or > 2100 || (from is not null && to < from) || (from is not null && to - from > 20))
        {
            Add("toYear", "a year from fromYear to fromYear + 20.");
        }
        var setBy = Required("setBy", input.SetBy, 300);
        var owner = Required("owner", input.Owner, 300);
        var title = Required("sourceTitle", input.SourceTitle, 500);
        var quote = Required("quote", input.Quote, 4000);
        if (input.SourceUrl is { Length: > 0 } url && (!Uri.TryCreate(url, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || url.Length > 2000))
        {
            Add("sourceUrl", "an http or https URL of at most 2000 characters.");
        }
        if (input.EvaluationInSource is { Length: > 1000 })
        {
            Add("evaluationInSource", "at most 1000 characters.");
        }
        (TargetKind Kind, decimal? Threshold)? parsed = null;
        if (string.IsNullOrWhiteSpace(input.Target))
        {
            Add("target", "required: rank_at_most:N, score_at_least:X, rank_better_than_previous_year, score_above_national_mean or improve.");
        }
        else
        {
            parsed = TargetEvaluation.Parse(input.Target, out var why);
            if (parsed is null)
            {
                Add("target", why!);
            }
        }

        var index = string.IsNullOrWhiteSpace(input.Index) ? null : catalogue.FindIndex(input.Index.Trim());
        if (index is null)
        {
            Add("index", string.IsNullOrWhiteSpace(input.Index) ? "required." : catalogue.UnknownIndex(input.Index.Trim()));
        }
        UnitEntry? province = null;
        UnitEntry? unit = null;
        var date = new DateOnly(from is >= 2004 and <= 2100 ? from.Value : 2004, 12, 31);
        if (string.IsNullOrWhiteSpace(input.Province))
        {
            Add("province", "required: a code or any name a publisher uses.");
        }
        else
        {
            var (found, error) = catalogue.ResolveProvince(input.Province.Trim(), date);
            province = found;
            if (found is null)
            {
                Add("province", error ?? "unknown province.");
            }
        }
        unit = province;
        if (province is not null && !string.IsNullOrWhiteSpace(input.Unit))
        {
            var (own, error) = catalogue.ResolveOwnUnit(province.Id, input.Unit, date);
            unit = own;
            if (own is null)
            {
                Add("unit", error ?? "unknown unit.");
            }
        }
        int? componentId = null;
        if (index is not null && unit is not null && !string.IsNullOrWhiteSpace(input.Component))
        {
            var edition = catalogue.EditionFor(index.Id, date.Year, unit.IsProvinceLevel ? null : unit.ParentId)
                ?? catalogue.EditionFor(index.Id, date.Year, null);
            componentId = edition is null ? null : FindComponent(catalogue, edition.Id, input.Component);
            if (componentId is null)
            {
                Add("component", $"'{input.Component.Trim()}' is not a component of {index.Code} in {date.Year} (GET /api/v1/indices/{index.Code} lists them).");
            }
        }
        int? ownerUnitId = null;
        if (province is not null && owner is not null)
        {
            ownerUnitId = FindOwnUnit(catalogue, province.Id, owner, date);
        }
        if (errors.Count > 0)
        {
            return (null, errors.ToDictionary(e => e.Key, e => e.Value.ToArray()));
        }
        return (new Target
        {
            UnitId = unit!.Id, IndexId = index!.Id, ComponentId = componentId, ComponentLabel = string.IsNullOrWhiteSpace(input.Component) ? null : input.Component.Trim(),
            FromYear = from!.Value, ToYear = to!.Value, Kind = parsed!.Value.Kind, Threshold = parsed.Value.Threshold,
            SetBy = setBy!, Owner = owner!, OwnerUnitId = ownerUnitId, SourceTitle = title!, SourceUrl = string.IsNullOrWhiteSpace(input.SourceUrl) ? null : input.SourceUrl.Trim(),
            SourceDate = input.SourceDate, Quote = quote!, EvaluationInSource = string.IsNullOrWhiteSpace(input.EvaluationInSource) ? null : input.EvaluationInSource.Trim(),
        }, []);
    }

    /// <summary>By code or name; a source that says "Chính phủ điện tử, Chính phủ số" means the field QĐ 876 calls "chính quyền điện tử, chính quyền số".</summary>
    private static int? FindComponent(ReferenceCatalogue catalogue, int editionId, string text)
    {
        var trimmed = text.Trim();
        var keys = new[] { VietnameseNames.MatchKey(trimmed), VietnameseNames.MatchKey(trimmed.ToLowerInvariant().Replace("chính phủ", "chính quyền", StringComparison.Ordinal)) };
        return catalogue.Components.Values
            .Where(c => c.EditionId == editionId)
            .OrderBy(c => c.ParentId is null ? 0 : 1).ThenBy(c => c.Order)
            .FirstOrDefault(c => string.Equals(c.Code, trimmed, StringComparison.OrdinalIgnoreCase)
                || keys.Contains(VietnameseNames.MatchKey(c.NameVi)) || keys.Contains(VietnameseNames.MatchKey(c.NameEn)))?.Id;
    }

    /// <summary>
    /// The agency as one of the province's own units: the name as given, then without the trailing words that name the
    /// province ("Sở Nội vụ TP.HCM" is Hồ Chí Minh City's "Sở Nội vụ"). Null where the province ranks no unit by that name.
    /// </summary>
    private static int? FindOwnUnit(ReferenceCatalogue catalogue, int provinceId, string owner, DateOnly date)
    {
        var words = owner.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        for (var n = words.Length; n >= 2; n--)
        {
            var (unit, _) = catalogue.ResolveOwnUnit(provinceId, string.Join(' ', words.Take(n)), date);
            if (unit is not null)
            {
                return unit.Id;
            }
        }
        return null;
    }
}
