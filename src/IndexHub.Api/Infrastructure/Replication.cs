using System.Globalization;
using IndexHub.Api.Persistence;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace IndexHub.Api.Infrastructure;

/// <summary>
/// The data version on the wire, for read-your-writes across replicas of the service. A successful write's reply
/// says the version that holds it (<c>IndexHub-Data-Version</c>); a read that sends it back as
/// <c>IndexHub-Min-Data-Version</c> is answered at that version or later by whichever replica it reaches: one that
/// has not seen it yet reads the primary's version first (one tiny query), and then reads from the primary until
/// its standby has replayed it (<see cref="DataVersionState.ReplicaServesReads"/>).
/// The write handlers need not know: the version is the one the write moved this process to.
/// </summary>
public sealed partial class DataVersionHeaders(RequestDelegate next, DataVersionState state, DataVersionMonitor monitor, ILogger<DataVersionHeaders> logger)
{
    public const string ResponseHeader = "IndexHub-Data-Version";
    public const string RequestHeader = "IndexHub-Min-Data-Version";

    // Not async on the common paths: a cached read passes through here with one header lookup.
    public Task InvokeAsync(HttpContext context)
    {
        if (!DatabaseSetup.ServesReadsOnly(context))
        {
            context.Response.OnStarting(static held =>
            {
                var http = (HttpContext)held;
                if (http.Response.StatusCode is >= 200 and < 300)
                {
                    http.Response.Headers[ResponseHeader] = http.RequestServices.GetRequiredService<DataVersionState>().CurrentText;
                }
                return Task.CompletedTask;
            }, context);
            return next(context);
        }
        return context.Request.Headers.TryGetValue(RequestHeader, out var wanted)
            && long.TryParse(wanted, NumberStyles.None, CultureInfo.InvariantCulture, out var version)
            && version > state.Current
                ? CatchUpAsync(context, version)
                : next(context);
    }

    private async Task CatchUpAsync(HttpContext context, long version)
    {
        try
        {
            await monitor.CatchUpWithPrimaryAsync(context.RequestAborted);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The primary is away (or the version could not be read): answer from what this replica holds rather
            // than not at all. This runs before the exception handler, so nothing may escape it.
            LogCatchUpFailed(logger, version, e.Message);
        }
        await next(context);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "A read asked for data version {Version}, and the primary could not be asked: {Message}")]
    private static partial void LogCatchUpFailed(ILogger logger, long version, string message);
}

/// <summary>
/// With a read replica: whether reads come from a standby and writes can reach a primary. Either failing leaves
/// the pod serving (the other side answers), so it is <see cref="HealthStatus.Degraded"/>, which
/// <c>/health/ready</c> reports with a 200: taking every pod out of service because one database is away would
/// turn half an outage into a whole one.
/// </summary>
public sealed class ReplicationHealthCheck(DataVersionState state, DatabaseEndpoints endpoints) : IHealthCheck
{
    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var data = new Dictionary<string, object>
        {
            ["dataVersion"] = state.Current,
            ["standbyReplayed"] = state.Replayed,
        };
        if (!await PrimaryAnswersAsync(cancellationToken))
        {
            return HealthCheckResult.Degraded(
                "The primary does not answer: writes get 503 until it returns or a standby is promoted; reads go on from the standby.", data: data);
        }
        if (!state.ReplicaAnswers)
        {
            return HealthCheckResult.Degraded("The read replica does not answer: reads go to the primary until it returns.", data: data);
        }
        if (!state.ReplicaIsStandby)
        {
            return HealthCheckResult.Degraded(
                "The read connection reaches a primary, not a standby (it fell back, or the standby was promoted): reads load the primary.", data: data);
        }
        return HealthCheckResult.Healthy(
            state.ReplicaServesReads ? "Reads from the standby." : "Reads from the primary until the standby replays this replica's data version.", data);
    }

    private async Task<bool> PrimaryAnswersAsync(CancellationToken ct)
    {
        try
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(TimeSpan.FromSeconds(3));
            await using var connection = new Npgsql.NpgsqlConnection(endpoints.Primary);
            await connection.OpenAsync(timeout.Token);
            await using var command = new Npgsql.NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
            // Target Session Attributes=primary already refuses a standby; a single-host string may reach one.
            return await command.ExecuteScalarAsync(timeout.Token) is false;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            return false;
        }
    }
}
