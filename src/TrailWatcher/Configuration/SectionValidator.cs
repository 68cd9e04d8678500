using System.ComponentModel.DataAnnotations;
using System.Diagnostics.CodeAnalysis;
using Microsoft.Extensions.Options;

namespace TrailWatcher.Configuration;

/// <summary>Validates an options class by its DataAnnotations and reports each failure under its full setting name.</summary>
/// <remarks>The stock validator says "'PipelineOptions' members: 'ChannelCapacity'"; an operator needs "TrailWatcher:Pipeline:ChannelCapacity".</remarks>
internal sealed class SectionValidator<[DynamicallyAccessedMembers(OptionsMembers.Bound)] TOptions>(string section) : IValidateOptions<TOptions>
    where TOptions : class
{
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = OptionsMembers.Kept)]
    public ValidateOptionsResult Validate(string? name, TOptions options)
    {
        var results = new List<ValidationResult>();
        var context = new ValidationContext(options, typeof(TOptions).Name, serviceProvider: null, items: null);
        if (!Validator.TryValidateObject(options, context, results, validateAllProperties: true) && options is IValidatableObject crossField)
        {
            // DataAnnotations skips the cross-field checks once an attribute failed; report those problems too.
            results.AddRange(crossField.Validate(context));
        }

        if (results.Count == 0)
        {
            return ValidateOptionsResult.Success;
        }

        // When every attribute passed, the validator ran the cross-field checks itself, so they were added twice.
        return ValidateOptionsResult.Fail(results.Select(r =>
            $"{section}:{string.Join(",", r.MemberNames)}: {r.ErrorMessage}").Distinct(StringComparer.Ordinal));
    }
}
