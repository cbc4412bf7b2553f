using IndexHub.Api.Domain.Geography;
using IndexHub.Api.Persistence.Entities;
using Mapster;

namespace IndexHub.Api.Features.Provinces;

/// <summary>Shapes a unit as it stood on a given day: Huế is "Thừa Thiên Huế", a province, in 2023.</summary>
public static class ProvinceShaping
{
    public static ProvinceSummaryDto ToSummary(this UnitRow row, DateOnly? asOf)
    {
        var official = row.OfficialNameOn(asOf);
        return row.Adapt<ProvinceSummaryDto>() with
        {
            NameVi = official?.Value ?? row.Name,
            // English texts write a province by its name without diacritics, save the few with a name of their own (Hanoi).
            NameEn = official is null || official.Value == row.Name ? row.NameEn ?? row.NameAscii : VietnameseNames.ToAscii(official.Value),
            FullName = official?.FullName ?? row.FullName,
            Type = official?.Type ?? row.Type,
            NameAscii = official is null ? row.NameAscii : VietnameseNames.ToAscii(official.Value),
        };
    }

    public static IReadOnlyList<NameHistoryDto> NameHistory(this UnitRow row) =>
        row.Names
            .Where(n => n.Kind == UnitNameKind.Official)
            .OrderBy(n => n.ValidFrom ?? DateOnly.MinValue)
            .Select(n => new NameHistoryDto { Name = n.Value, FullName = n.FullName ?? n.Value, Type = n.Type ?? row.Type, ValidFrom = n.ValidFrom, ValidTo = n.ValidTo })
            .ToList();

    public static IReadOnlyList<string> Aliases(this UnitRow row) =>
        row.Names
            .Where(n => n.Kind is UnitNameKind.Alias or UnitNameKind.English)
            .Select(n => n.Value)
            .Distinct(StringComparer.Ordinal)
            .ToList();

    private static UnitNameRow? OfficialNameOn(this UnitRow row, DateOnly? asOf) =>
        asOf is null
            ? null
            : row.Names.FirstOrDefault(n => n.Kind == UnitNameKind.Official && new Validity(n.ValidFrom, n.ValidTo).Contains(asOf.Value));
}
