using System.Text.Json.Serialization.Metadata;
using System.Text.Json;
using System.Text.Json.Serialization;
using FluentValidation;
using IndexHub.Api;
using IndexHub.Api.Features.Audit;
using IndexHub.Api.Features.Compare;
using IndexHub.Api.Features.Explorer;
using IndexHub.Api.Features.Keys;
using IndexHub.Api.Features.Results;
using IndexHub.Api.Features.Indices;
using IndexHub.Api.Features.Provinces;
using IndexHub.Api.Features.Regions;
using IndexHub.Api.Features.Targets;
using IndexHub.Api.Features.Writes;
using IndexHub.Api.Infrastructure;
using IndexHub.Api.Persistence;
using Mapster;

if (HealthProbe.IsProbe(args))
{
    return await HealthProbe.RunAsync(args);
}

if (CommandLine.IsHelp(args))
{
    await Console.Out.WriteAsync(CommandLine.Usage);
    return 0;
}

// "keys ..." and "import ..." run a command against the configured database instead of serving.
var command = CommandLine.IsCommand(args);
var builder = WebApplication.CreateBuilder(command ? [] : args);
if (command)
{
    // A command's output (a new key, an import's outcome) is on standard output; its logs go to standard error.
    builder.Services.Configure<Microsoft.Extensions.Logging.Console.ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
}

builder.Services.AddIndexHubDatabase(builder.Configuration, builder.Environment);
builder.Services.AddMediator(options =>
{
    options.ServiceLifetime = ServiceLifetime.Scoped;
    options.PipelineBehaviors = [typeof(ValidationBehavior<,>)];
});
ValidatorOptions.Global.PropertyNameResolver = (_, member, _) => member is null ? null : JsonNamingPolicy.CamelCase.ConvertName(member.Name);
builder.Services.AddValidatorsFromAssemblyContaining<Program>(ServiceLifetime.Singleton, includeInternalTypes: true);
TypeAdapterConfig.GlobalSettings.Scan(typeof(Program).Assembly);
TypeAdapterConfig.GlobalSettings.Compile();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.ConfigureHttpJsonOptions(options =>
{
    options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase));
    options.SerializerOptions.Converters.Add(new UtcDateTimeConverter());
    options.SerializerOptions.DefaultIgnoreCondition = JsonIgnoreCondition.Never;
    // fields= and include= leave properties out of an answer; the DTOs declare which (see FieldSelection).
    options.SerializerOptions.TypeInfoResolver = (options.SerializerOptions.TypeInfoResolver ?? new DefaultJsonTypeInfoResolver()).WithAddedModifier(FieldSelection.Modify);
});
builder.Services.AddIndexHubProblemDetails();
builder.Services.AddIndexHubAuthorization();
builder.Services.AddIndexHubWrites();
builder.Services.AddIndexHubSwagger();
builder.Services.AddIndexHubHardening(builder.Configuration);
builder.Services.AddIndexHubOutputCache();
builder.Services.AddIndexHubCompression();
builder.Services.AddSingleton<DataVersionState>();
builder.Services.AddSingleton<ReferenceCatalogues>();
builder.Services.AddSingleton<DataVersionMonitor>();
builder.Services.AddHostedService(provider => provider.GetRequiredService<DataVersionMonitor>());
builder.Services.AddIndexHubTelemetry(builder.Configuration);
// IndexHub Explorer: the pages for people at / (src/IndexHub.Explorer, built into wwwroot/explorer).
builder.Services.AddIndexHubExplorer();
builder.Services.AddIndexHubCors();

var app = builder.Build();
// A bad setting stops the service here, naming it, before the database is touched or a command runs.
app.Services.ValidateSettings();

if (command)
{
    // "migrate": apply the migrations and load the shipped data, whatever the start-up settings say, then exit
    // (a release step, for deployments whose replicas start with Database:ApplyMigrationsOnStartup=false).
    var migrateOnly = args[0] == "migrate";
    await app.PrepareDatabaseAsync(always: migrateOnly);
    if (migrateOnly)
    {
        return 0;
    }
    return await CommandLine.RunAsync(app.Services, args, Console.Out, Console.Error);
}

app.UseIndexHubHardening();
app.UseHeadAsGet();
// Routing after HEAD has become GET, so that every GET endpoint answers HEAD.
app.UseRouting();
// Before the conditional-GET middleware: the explorer's hashed assets keep their own year-long cache.
app.UseIndexHubExplorerAssets();
// Before the version tag and the cache key are taken: a read may ask for a version this replica has not seen yet.
app.UseMiddleware<DataVersionHeaders>();
app.UseMiddleware<ConditionalGetMiddleware>();
app.UseExceptionHandler();
app.UseStatusCodePages();
app.UseCors();
app.UseAuthentication();
app.UseRateLimiter();
app.UseAuthorization();
app.UseMiddleware<NotModifiedMiddleware>();
app.UseOutputCache();
app.UseIndexHubCompression();
app.MapIndexHubHealth();
app.MapIndexHubMetrics();
app.UseSwagger(options => options.RouteTemplate = "swagger/{documentName}/swagger.{extension:regex(^(json|ya?ml)$)}");
app.UseSwaggerUI(options =>
{
    options.SwaggerEndpoint($"/swagger/{SwaggerSetup.DocumentName}/swagger.json", "IndexHub API v1");
    options.DocumentTitle = "IndexHub API";
});
// The explorer at / and its deep links (/provinces/{code}, /indices/{code}, /compare, /embed/provinces/{code}).
app.MapIndexHubExplorer();

var api = app.MapGroup("/api/v1").RequireAuthorization(AuthorizationSetup.ReadPolicy);
api.MapRegionEndpoints();
api.MapProvinceEndpoints();
api.MapIndexEndpoints();
api.MapCompareEndpoints();
api.MapSingleResultEndpoints();
api.MapWriteEndpoints(app.Services.GetRequiredService<WriteSettings>());
api.MapKeyEndpoints();
api.MapAuditEndpoints();
api.MapTargetEndpoints();

await app.PrepareDatabaseAsync();
await app.Services.GetRequiredService<DataVersionMonitor>().InitialiseAsync(app.Lifetime.ApplicationStopping);
await app.RunAsync();
return 0;

/// <summary>Entry point; public so that tests can host the service.</summary>
public partial class Program;
