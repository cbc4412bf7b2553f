using IndexHub.Api.Features.Results;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Persistence;
using IndexHub.Api.Persistence.Entities;
using Microsoft.EntityFrameworkCore;

namespace IndexHub.Api.Features.Targets;

/// <summary>
/// Loads data/targets.csv at start-up, idempotently: a target the file adds is created; one it changes is updated, unless an
/// editor has changed or deleted it through the API since (their word stands); an unchanged file writes nothing, so a second
/// start changes nothing. Targets written through the API are never touched.
/// </summary>
public static class ShippedTargets
{
    public const string FileName = "targets.csv";

    public static async Task<int> LoadAsync(IndexHubDbContext db, TimeProvider clock, string dataDirectory, CancellationToken ct)
    {
        var path = Path.Combine(dataDirectory, FileName);
        if (!File.Exists(path))
        {
            return 0;
        }
        var table = TableParser.ReadCsv(await File.ReadAllTextAsync(path, ct), 10_000);
        var catalogue = await ReferenceCatalogue.LoadAsync(db, ct);
        var wanted = new List<(string Key, Target Target)>();
        foreach (var row in table.Rows)
        {
            string Cell(string name) => row.Cells.TryGetValue(name, out var v) ? v.Trim() : "";
            var year = int.Parse(Cell("year"), System.Globalization.CultureInfo.InvariantCulture);
            var input = new TargetInput
            {
                Province = Cell("province"), Index = Cell("index"), Component = NullIfEmpty(Cell("component")), FromYear = year, ToYear = year,
                Target = Cell("target"), SetBy = Cell("set_by"), Owner = Cell("owner"), SourceTitle = Cell("source"),
                SourceDate = DateOnly.TryParse(Cell("source_date"), System.Globalization.CultureInfo.InvariantCulture, out var d) ? d : null,
                Quote = Cell("quote"), EvaluationInSource = NullIfEmpty(Cell("evaluation_in_source")),
            };
            var (target, errors) = TargetResolution.Resolve(catalogue, input);
            if (target is null)
            {
                throw new InvalidDataException($"{FileName} row {row.Row}: {string.Join("; ", errors.Select(e => $"{e.Key}: {string.Join(' ', e.Value)}"))}");
            }
            wanted.Add(($"{Cell("province")}|{Cell("index")}|{Cell("component")}|{year}|{Cell("target")}", target));
        }
        var changed = 0;
        await TargetStore.RunAsync(db, clock, Author.ShippedData(), null, null, async (now, token) =>
        {
            var keys = wanted.Select(w => w.Key).ToList();
            var held = await db.Targets.Where(t => t.ShippedKey != null && keys.Contains(t.ShippedKey)).ToDictionaryAsync(t => t.ShippedKey!, token);
            var touchedByEditors = await db.TargetRevisions.Where(r => r.Operation != "ship").Select(r => r.TargetId).Distinct().ToListAsync(token);
            var touched = new List<(Target, string, object?)>();
            foreach (var (key, target) in wanted)
            {
                if (!held.TryGetValue(key, out var stored))
                {
                    target.ShippedKey = key;
                    target.Revision = 1;
                    target.CreatedAt = target.UpdatedAt = now;
                    db.Targets.Add(target);
                    touched.Add((target, "ship", null));
                }
                else if (!touchedByEditors.Contains(stored.Id) && stored.DeletedAt is null && !TargetStore.Same(stored, target))
                {
                    var before = TargetStore.State(stored);
                    TargetStore.CopyStatement(target, stored);
                    stored.Revision++;
                    stored.UpdatedAt = now;
                    touched.Add((stored, "ship", before));
                }
            }
            changed = touched.Count;
            return touched;
        }, ct);
        return changed;
    }

    private static string? NullIfEmpty(string text) => text.Length == 0 ? null : text;
}
