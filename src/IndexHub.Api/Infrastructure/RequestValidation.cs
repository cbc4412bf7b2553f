using FluentValidation;
using FluentValidation.Results;
using Mediator;

namespace IndexHub.Api.Infrastructure;

/// <summary>Bad input from a client: answered with 400 and a ValidationProblemDetails naming each parameter at fault.</summary>
public sealed class RequestValidationException(IReadOnlyDictionary<string, string[]> errors)
    : Exception("The request has invalid parameters.")
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;

    public static RequestValidationException For(string parameter, string message) =>
        new(new Dictionary<string, string[]> { [parameter] = [message] });

    public static RequestValidationException From(IEnumerable<ValidationFailure> failures) =>
        new(failures
            .GroupBy(f => f.PropertyName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Select(f => f.ErrorMessage).Distinct().ToArray(), StringComparer.Ordinal));
}

/// <summary>Runs every FluentValidation validator of a message before its handler.</summary>
public sealed class ValidationBehavior<TMessage, TResponse>(IEnumerable<IValidator<TMessage>> validators)
    : IPipelineBehavior<TMessage, TResponse>
    where TMessage : notnull, IMessage
{
    public async ValueTask<TResponse> Handle(TMessage message, MessageHandlerDelegate<TMessage, TResponse> next, CancellationToken cancellationToken)
    {
        var failures = new List<ValidationFailure>();
        foreach (var validator in validators)
        {
            var result = await validator.ValidateAsync(message, cancellationToken);
            failures.AddRange(result.Errors);
        }
        if (failures.Count > 0)
        {
            throw RequestValidationException.From(failures);
        }
        return await next(message, cancellationToken);
    }
}

/// <summary>Rules shared by many queries.</summary>
public static class CommonRules
{
    /// <summary>The geography held starts on 2004-01-01 (the 64 provinces of PCI 2006-2007); it runs to 2100.</summary>
    public static readonly DateOnly EarliestDate = new(2004, 1, 1);
    public static readonly DateOnly LatestDate = new(2100, 12, 31);
    /// <summary>The default of Limits:MaxPageSize.</summary>
    public const int MaxPageSize = 200;

    public static IRuleBuilderOptions<T, DateOnly?> WithinGeography<T>(this IRuleBuilder<T, DateOnly?> rule) =>
        rule.Must(d => d is null || (d >= EarliestDate && d <= LatestDate))
            .WithMessage($"must be a date from {EarliestDate:yyyy-MM-dd} to {LatestDate:yyyy-MM-dd}.");

    public static IRuleBuilderOptions<T, int?> YearWithinGeography<T>(this IRuleBuilder<T, int?> rule) =>
        rule.InclusiveBetween(EarliestDate.Year, LatestDate.Year)
            .WithMessage($"must be a year from {EarliestDate.Year} to {LatestDate.Year}.");

    /// <param name="validator">The validator to add the rules to.</param>
    /// <param name="page">The page number.</param>
    /// <param name="pageSize">The page size.</param>
    /// <param name="limits">Where the largest page size is configured (Limits:MaxPageSize).</param>
    public static void Paging<T>(this AbstractValidator<T> validator, Func<T, int?> page, Func<T, int?> pageSize, LimitsOptions limits)
    {
        validator.RuleFor(x => page(x)).GreaterThanOrEqualTo(1).OverridePropertyName("page")
            .WithMessage("must be 1 or more.");
        validator.RuleFor(x => pageSize(x)).InclusiveBetween(1, limits.MaxPageSize).OverridePropertyName("pageSize")
            .WithMessage($"must be from 1 to {limits.MaxPageSize} (Limits:MaxPageSize).");
    }
}
