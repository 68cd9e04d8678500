using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace TrailWatcher.Hosting;

/// <summary>Binds an options section one setting at a time, so that a value that cannot be converted is reported next to every other problem instead of hiding them.</summary>
/// <remarks>
/// The stock binder stops at the first unconvertible value and throws: the section's other settings are then never
/// bound nor validated, and an operator fixes one mistake per restart. Here an unconvertible setting keeps its default
/// (which is valid, so it is not reported twice) and its problem is kept with the options instance for
/// <see cref="Validator{TOptions}"/> to report.
/// </remarks>
internal static class TolerantBinder
{
    private static readonly ConditionalWeakTable<object, List<string>> Problems = new();

    public static void Bind(IConfigurationSection section, object options)
    {
        var problems = new List<string>();
        BindObject(section, options, problems);
        if (problems.Count > 0)
        {
            Problems.AddOrUpdate(options, problems);
        }
    }

    private static void BindObject(IConfigurationSection section, object target, List<string> problems)
    {
        foreach (var property in target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var child = section.GetSection(property.Name);
            if (!child.Exists() || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            try
            {
                BindProperty(child, target, property, problems);
            }
            catch (InvalidOperationException ex) when (Cli.ConfigurationErrors.From(ex) is { Count: > 0 } failures)
            {
                problems.AddRange(failures);
            }
        }
    }

    private static void BindProperty(IConfigurationSection child, object target, PropertyInfo property, List<string> problems)
    {
        var current = property.GetValue(target);
        if (IsOptionsObject(property.PropertyType))
        {
            // Nested settings objects (a sink's section, its resilience block) get the same one-by-one treatment.
            current ??= Activator.CreateInstance(property.PropertyType)!;
            BindObject(child, current, problems);
            if (property.CanWrite)
            {
                property.SetValue(target, current);
            }

            return;
        }

        if (current is IEnumerable and not string and not Array)
        {
            // Collections (header maps, directory lists) are filled in place, as the stock binder does: a header map
            // keeps its case-insensitive comparer.
            child.Bind(current);
            return;
        }

        if (property.CanWrite)
        {
            property.SetValue(target, child.Get(property.PropertyType) ?? current);
        }
    }

    private static bool IsOptionsObject(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type)
        && type.Namespace?.StartsWith("TrailWatcher", StringComparison.Ordinal) == true
        && type.GetConstructor(Type.EmptyTypes) is not null;

    /// <summary>Reports the settings the binder could not convert.</summary>
    internal sealed class Validator<TOptions> : IValidateOptions<TOptions>
        where TOptions : class
    {
        public ValidateOptionsResult Validate(string? name, TOptions options) =>
            Problems.TryGetValue(options, out var problems) ? ValidateOptionsResult.Fail(problems) : ValidateOptionsResult.Success;
    }
}
