using System.ComponentModel.DataAnnotations;
using Microsoft.Extensions.Options;

namespace IndexHub.Api.Infrastructure;

/// <summary>
/// Each configuration section is bound to its options class and checked when the service starts: a value out of bounds
/// stops it with a message that names the setting ("The field Limits:MaxPageSize must be between 1 and 20000."),
/// never a default quietly used instead. The rules are the class's own (data annotations, and
/// <see cref="IValidatableObject"/> for rules across settings). Consumers take the class itself: one singleton of the
/// validated value.
/// </summary>
public static class OptionsSetup
{
    public static IServiceCollection AddSettings<T>(this IServiceCollection services, string section)
        where T : class
    {
        services.AddSingleton<IValidateOptions<T>>(new SectionValidation<T>(section));
        services.AddOptions<T>().BindConfiguration(section).ValidateOnStart();
        services.AddSingleton(provider => provider.GetRequiredService<IOptions<T>>().Value);
        return services;
    }

    /// <summary>
    /// A section's values for a choice made while the services are registered, before there is a container to ask (which
    /// database engine, whether to make spans): bound and validated now, by the same rules.
    /// </summary>
    public static T ReadSettings<T>(this IConfiguration configuration, string section)
        where T : class, new()
    {
        var settings = new T();
        configuration.GetSection(section).Bind(settings);
        var result = new SectionValidation<T>(section).Validate(Options.DefaultName, settings);
        return result.Failed ? throw new OptionsValidationException(Options.DefaultName, typeof(T), result.Failures) : settings;
    }

    /// <summary>
    /// Checks every section now, before the database is touched or a command runs (the host would check them only when
    /// it starts, after the migrations, and a command never starts it).
    /// </summary>
    public static void ValidateSettings(this IServiceProvider services) => services.GetRequiredService<IStartupValidator>().Validate();
}

/// <summary>The data annotations of an options class, each failure naming the setting as configured (Section:Property).</summary>
internal sealed class SectionValidation<T>(string section) : IValidateOptions<T>
    where T : class
{
    public ValidateOptionsResult Validate(string? name, T options)
    {
        var failures = new List<ValidationResult>();
        foreach (var property in typeof(T).GetProperties().Where(p => p.CanRead && p.GetIndexParameters().Length == 0))
        {
            var context = new ValidationContext(options) { MemberName = property.Name, DisplayName = $"{section}:{property.Name}" };
            Validator.TryValidateProperty(property.GetValue(options), context, failures);
        }
        if (options is IValidatableObject validatable)
        {
            failures.AddRange(validatable.Validate(new ValidationContext(options)));
        }
        return failures.Count == 0
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail(failures.Select(f => f.ErrorMessage ?? $"{section} is not valid."));
    }
}
