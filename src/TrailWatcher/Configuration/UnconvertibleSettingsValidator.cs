using Microsoft.Extensions.Options;

namespace TrailWatcher.Configuration;

/// <summary>Reports the settings of an options instance that <see cref="TolerantBinder"/> could not convert.</summary>
internal sealed class UnconvertibleSettingsValidator<TOptions> : IValidateOptions<TOptions>
    where TOptions : class
{
    public ValidateOptionsResult Validate(string? name, TOptions options) =>
        TolerantBinder.ProblemsOf(options) is { Count: > 0 } problems ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
}
