using System.Globalization;
using IndexHub.Api.Features.Keys;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Infrastructure;
using Mediator;

namespace IndexHub.Api;

/// <summary>
/// The service's commands, run through the same handlers as the API:
/// <c>keys create --role editor --name "..."</c>, <c>keys list</c>, <c>keys revoke ID|PREFIX</c>,
/// <c>import FILE --index PCI [--year 2021] [--edition E] [--cohort C] [--geography DATE] [--source-url URL] [--source-title T] [--source-publisher P] [--source-date DATE] --source-kind publisher|official|press|secondary [--charset C] [--dry-run]</c>.
/// </summary>
public static class CommandLine
{
    public static bool IsCommand(string[] args) => args.Length > 0 && args[0] is "keys" or "import" or "migrate";

    public static bool IsHelp(string[] args) => args.Length > 0 && args[0] is "help" or "--help" or "-h" or "-?";

    /// <summary>What <c>help</c> prints: every command, and how to serve.</summary>
    public const string Usage = """
        IndexHub: Vietnam's governance indices as a REST API.

        usage: dotnet run --project src/IndexHub.Api [-- COMMAND ...]   (or: dotnet IndexHub.Api.dll [COMMAND ...])

          (no command)          serve the API, the explorer at / and Swagger at /swagger
                                (the port: --urls http://127.0.0.1:5090, or ASPNETCORE_URLS with --no-launch-profile;
                                 `dotnet run` uses the launch profile's http://localhost:5080)
          migrate               apply the migrations and load the shipped data, then exit
          healthcheck [URL]     probe a running service's /health/ready (exit 0 when ready)
          keys create --role reader|editor|admin --name NAME
                                make a key; prints it once
          keys list             list the keys (never their secrets)
          keys revoke ID|PREFIX revoke a key
          import FILE --index CODE --source-kind publisher|official|press|secondary (--source-url URL | --source-title T)
                 [--year YYYY] [--edition E] [--cohort C] [--geography YYYY-MM-DD] [--source-publisher P] [--source-date YYYY-MM-DD]
                 [--charset C] [--dry-run]
                                import a CSV or JSON table, with the same rules as POST /api/v1/indices/{code}/imports
          help, --help          this text

        Output goes to standard output, logs to standard error. Settings come from appsettings.json and the environment
        (README, "Configuration"): Database__Provider=Postgres ConnectionStrings__IndexHub="Host=...".
        """;

    public static async Task<int> RunAsync(IServiceProvider services, string[] args, TextWriter output, TextWriter error)
    {
        await using var scope = services.CreateAsyncScope();
        var sender = scope.ServiceProvider.GetRequiredService<ISender>();
        var author = Author.CommandLine();
        try
        {
            switch (args)
            {
                case ["keys", "create", .. var rest]:
                {
                    var options = Options(rest);
                    var created = await sender.Send(new CreateKey.Command(options.GetValueOrDefault("name"), options.GetValueOrDefault("role"), author));
                    await output.WriteLineAsync($"Created key {created.Key.Id} ({created.Key.Role}, {created.Key.Name}). It is shown once; keep it safe:");
                    await output.WriteLineAsync(created.Secret);
                    return 0;
                }
                case ["keys", "list"]:
                    foreach (var key in (await sender.Send(new ListKeys.Query())).Items)
                    {
                        await output.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
                            $"{key.Id}\t{key.Prefix}\t{key.Role}\t{key.Name}\tcreated {key.CreatedAt:yyyy-MM-dd HH:mm}Z{(key.RevokedAt is null ? "" : $"\trevoked {key.RevokedAt:yyyy-MM-dd HH:mm}Z")}"));
                    }
                    return 0;
                case ["keys", "revoke", var id]:
                    var revoked = await sender.Send(new RevokeKey.Command(id, author));
                    if (revoked is null)
                    {
                        await error.WriteLineAsync($"No key has the id or prefix '{id}'.");
                        return 1;
                    }
                    await output.WriteLineAsync($"Revoked key {revoked.Id} ({revoked.Name}).");
                    return 0;
                case ["import", var file, .. var rest]:
                    return await ImportAsync(scope.ServiceProvider, sender, file, Options(rest), author, output, error);
                default:
                    await error.WriteLineAsync(Usage);
                    return 2;
            }
        }
        catch (RequestValidationException e)
        {
            foreach (var (field, messages) in e.Errors)
            {
                await error.WriteLineAsync($"{field}: {string.Join(" ", messages)}");
            }
            return 2;
        }
        catch (ConflictException e)
        {
            await error.WriteLineAsync($"{e.Title} {e.Message}");
            return 1;
        }
        catch (ImportRejectedException e)
        {
            await error.WriteLineAsync($"The table has {e.Errors.Count} error(s); nothing was written:");
            foreach (var problem in e.Errors)
            {
                await error.WriteLineAsync($"  row {problem.Row}, {problem.Column}{(problem.Value is null ? "" : $" '{problem.Value}'")}: {problem.Reason}");
            }
            return 1;
        }
    }

    private static async Task<int> ImportAsync(IServiceProvider services, ISender sender, string file, Dictionary<string, string> options, Author author, TextWriter output, TextWriter error)
    {
        if (!File.Exists(file))
        {
            await error.WriteLineAsync($"No such file: {file}");
            return 2;
        }
        if (!options.TryGetValue("index", out var index))
        {
            await error.WriteLineAsync("--index is required (PAR, SIPAS, PCI, PAPI, DTI, DDCI).");
            return 2;
        }
        var settings = services.GetRequiredService<WriteSettings>();
        int? Int(string name) => options.TryGetValue(name, out var v) ? int.Parse(v, CultureInfo.InvariantCulture) : null;
        DateOnly? Date(string name) => options.TryGetValue(name, out var v) ? DateOnly.ParseExact(v, "yyyy-MM-dd", CultureInfo.InvariantCulture) : null;
        var importOptions = new ImportOptions(Int("year"), options.GetValueOrDefault("edition"), options.GetValueOrDefault("cohort"), Date("geography"),
            options.ContainsKey("dry-run"),
            new SourceInput(options.GetValueOrDefault("source-publisher"), options.GetValueOrDefault("source-title"), options.GetValueOrDefault("source-url"),
                Date("source-date"), options.GetValueOrDefault("source-kind")));
        // The same parser as the API: the encoding is read off the bytes (UTF-8, UTF-16, Windows-1258).
        var text = TableParser.Decode(await File.ReadAllBytesAsync(file), options.GetValueOrDefault("charset"));
        var (finalOptions, table) = file.EndsWith(".json", StringComparison.OrdinalIgnoreCase)
            ? TableParser.FromJson(TableParser.ReadJson(text), importOptions, settings.MaxRows)
            : (importOptions, TableParser.ReadCsv(text, settings.MaxRows));
        var outcome = await sender.Send(new ImportTable.Command(index, finalOptions, table, author));
        if (outcome is null)
        {
            await error.WriteLineAsync($"No index has the code '{index}'.");
            return 2;
        }
        await output.WriteLineAsync($"{outcome.Index} {outcome.Year} ({outcome.Edition}, {outcome.Cohort}): {outcome.Message}");
        return 0;
    }

    /// <summary>"--role editor --name x --dry-run" as a dictionary; a flag without a value maps to "true".</summary>
    private static Dictionary<string, string> Options(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Length; i++)
        {
            if (!args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw RequestValidationException.For(args[i], "unexpected argument.");
            }
            var name = args[i][2..];
            var hasValue = i + 1 < args.Length && !args[i + 1].StartsWith("--", StringComparison.Ordinal);
            options[name] = hasValue ? args[++i] : "true";
        }
        return options;
    }
}
