using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;

namespace IndexHub.Api.Infrastructure;

/// <summary>
/// Turns every failure into RFC 9457 ProblemDetails with a trace id: bad input is a 400 naming the
/// parameter; anything unexpected is a 500 whose body reveals no stack trace or SQL.
/// </summary>
/// <summary>What was asked for does not exist: a 404 whose detail says what the request meant and what does exist.</summary>
public sealed class NotFoundException(string detail) : Exception(detail);

/// <summary>The request conflicts with the state of what it acts on: a 409 with the reason.</summary>
public sealed class ConflictException(string title, string detail) : Exception(detail)
{
    public string Title { get; } = title;
}

public sealed partial class ProblemExceptionHandler(IProblemDetailsService problemDetails, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        ProblemDetails problem;
        switch (exception)
        {
            case RequestValidationException validation:
                problem = new HttpValidationProblemDetails(validation.Errors.ToDictionary(e => e.Key, e => e.Value))
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "One or more parameters are invalid.",
                };
                break;
            case NotFoundException notFound:
                problem = ProblemSetup.NotFound(httpContext, notFound.Message);
                break;
            case ConflictException conflict:
                problem = new ProblemDetails { Status = StatusCodes.Status409Conflict, Title = conflict.Title, Detail = conflict.Message };
                break;
            case Features.Writes.ImportRejectedException rejected:
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status422UnprocessableEntity,
                    Title = "The table has errors; nothing was written.",
                    Detail = $"{rejected.Errors.Count} error(s). Every one is listed under errors: row (from 1; 0 is the header or the options), column, value and reason.",
                    Extensions = { ["errors"] = rejected.Errors },
                };
                break;
            case Features.Writes.PreconditionFailedException stale:
                problem = new ProblemDetails { Status = StatusCodes.Status412PreconditionFailed, Title = "The result has changed.", Detail = stale.Message };
                break;
            case Features.Writes.PreconditionRequiredException required:
                problem = new ProblemDetails { Status = StatusCodes.Status428PreconditionRequired, Title = "If-Match is required.", Detail = required.Message };
                break;
            case InvalidDataException or IOException when httpContext.Request.HasFormContentType:
                problem = new HttpValidationProblemDetails(new Dictionary<string, string[]> { ["body"] = ["the multipart form could not be read."] })
                {
                    Status = StatusCodes.Status400BadRequest,
                    Title = "The request body could not be read.",
                };
                break;
            case BadHttpRequestException badRequest:
                problem = FromBindingFailure(badRequest);
                break;
            case var unavailable when DatabaseUnavailable(unavailable):
                // The database is down or restarting: a retry will do, so say when.
                httpContext.Response.Headers.RetryAfter = "5";
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status503ServiceUnavailable,
                    Title = "The database is unavailable.",
                    Detail = Persistence.DatabaseSetup.ServesReadsOnly(httpContext)
                        ? "Retry in a few seconds; answers held in the cache are still served."
                        // With a read replica the reads go on; a write needs the primary, which may be failing over.
                        : "Writes need the primary database, which does not answer (it may be failing over to a standby); nothing was written. Retry in a few seconds; reads are still served.",
                };
                break;
            case OperationCanceledException when httpContext.RequestAborted.IsCancellationRequested:
                // The client went away; nobody is left to answer.
                return true;
            default:
                LogUnhandled(logger, exception, httpContext.Request.Path);
                problem = new ProblemDetails
                {
                    Status = StatusCodes.Status500InternalServerError,
                    Title = "An unexpected error occurred.",
                    Detail = "The error has been logged; quote the traceId when reporting it.",
                };
                break;
        }
        httpContext.Response.StatusCode = problem.Status!.Value;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails = problem,
            Exception = exception,
        });
    }

    /// <summary>Whether a failure means the database could not be reached, rather than a fault of ours.</summary>
    internal static bool DatabaseUnavailable(Exception exception)
    {
        for (var e = exception; e is not null; e = e.InnerException)
        {
            switch (e)
            {
                case System.Net.Sockets.SocketException:
                case TimeoutException:
                case Microsoft.EntityFrameworkCore.Storage.RetryLimitExceededException:
                case Npgsql.PostgresException { SqlState: "57P01" or "57P02" or "57P03" or "08006" or "08001" }:
                case Npgsql.NpgsqlException { IsTransient: true }:
                    return true;
                // A multi-host connection string (Target Session Attributes=primary) with no host of the kind asked
                // for: the primary is down and no standby has been promoted yet. Npgsql says so by message alone.
                case Npgsql.NpgsqlException npgsql when npgsql is not Npgsql.PostgresException
                    && npgsql.Message.StartsWith("No suitable host", StringComparison.Ordinal):
                    return true;
                case AggregateException aggregate when aggregate.InnerExceptions.Any(DatabaseUnavailable):
                    return true;
            }
        }
        return false;
    }

    /// <summary>A query value that could not be bound (year=abc, asOf=notadate), named as the parameter.</summary>
    private static ProblemDetails FromBindingFailure(BadHttpRequestException exception)
    {
        var match = BindingFailure().Match(exception.Message);
        if (match.Success)
        {
            // A request record's member (PageSize) is named as the contract and the validation errors name it (pageSize).
            var name = System.Text.Json.JsonNamingPolicy.CamelCase.ConvertName(match.Groups["name"].Value);
            var (type, value) = (match.Groups["type"].Value, match.Groups["value"].Value);
            return new HttpValidationProblemDetails(new Dictionary<string, string[]>
            {
                [name] = [$"'{value}' is not a valid {Describe(type)}."],
            })
            {
                Status = StatusCodes.Status400BadRequest,
                Title = "One or more parameters are invalid.",
            };
        }
        return new ProblemDetails
        {
            Status = exception.StatusCode,
            Title = "The request could not be read.",
            Detail = exception.StatusCode == StatusCodes.Status400BadRequest ? exception.Message : null,
        };
    }

    private static string Describe(string type) => type.Replace("Nullable<", "", StringComparison.Ordinal).TrimEnd('?', '>') switch
    {
        "DateOnly" => "date (yyyy-MM-dd)",
        "int" or "Int32" => "whole number",
        var other => other,
    };

    [GeneratedRegex("""Failed to bind parameter "(?<type>[^ ]+) (?<name>[^"]+)" from "(?<value>.*)"\.""")]
    private static partial Regex BindingFailure();

    [LoggerMessage(Level = LogLevel.Error, Message = "Unhandled exception on {Path}")]
    private static partial void LogUnhandled(ILogger logger, Exception exception, string path);
}

public static class ProblemSetup
{
    public static IServiceCollection AddIndexHubProblemDetails(this IServiceCollection services)
    {
        services.AddProblemDetails(options => options.CustomizeProblemDetails = context =>
        {
            context.ProblemDetails.Instance ??= context.HttpContext.Request.Path;
            context.ProblemDetails.Extensions["traceId"] = Activity.Current?.Id ?? context.HttpContext.TraceIdentifier;
        });
        services.AddExceptionHandler<ProblemExceptionHandler>();
        // Unbindable query values raise BadHttpRequestException, which the handler above names by parameter.
        services.Configure<Microsoft.AspNetCore.Routing.RouteHandlerOptions>(o => o.ThrowOnBadRequest = true);
        return services;
    }

    /// <summary>404 ProblemDetails for a code that names nothing, shaped like every other problem (instance, traceId).</summary>
    public static ProblemDetails NotFound(HttpContext httpContext, string detail) => new()
    {
        Type = "https://tools.ietf.org/html/rfc9110#section-15.5.5",
        Status = StatusCodes.Status404NotFound,
        Title = "Not found.",
        Detail = detail,
        Instance = httpContext.Request.Path,
        Extensions = { ["traceId"] = Activity.Current?.Id ?? httpContext.TraceIdentifier },
    };
}
