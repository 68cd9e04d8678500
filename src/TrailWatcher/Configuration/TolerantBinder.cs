using System.Collections;
using System.Reflection;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Configuration;

namespace TrailWatcher.Configuration;

/// <summary>Binds an options section one setting at a time, so that a value that cannot be converted is reported next to every other problem instead of hiding them.</summary>
/// <remarks>
/// The stock binder stops at the first unconvertible value and throws: the section's other settings are then never
/// bound nor validated, and an operator fixes one mistake per restart. Here an unconvertible setting keeps its default
/// (which is valid, so it is not reported twice) and its problem is kept with the options instance for
/// <see cref="UnconvertibleSettingsValidator{TOptions}"/> to report.
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

    /// <summary>The settings <see cref="Bind"/> could not convert into <paramref name="options"/>, each under its full name.</summary>
    public static IReadOnlyList<string> ProblemsOf(object options) => Problems.TryGetValue(options, out var problems) ? problems : [];

    private static void BindObject(IConfigurationSection section, object target, List<string> problems)
    {
        foreach (var property in target.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance))
        {
            var child = section.GetSection(property.Name);
            if (!child.Exists() || property.GetIndexParameters().Length > 0)
            {
                continue;
            }

            BindProperty(child, target, property, problems);
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
            // keeps its case-insensitive comparer. They hold strings, which always convert.
            child.Bind(current);
            return;
        }

        if (property.CanWrite && TryConvert(child, property.PropertyType, problems, out var value))
        {
            property.SetValue(target, value ?? current);
        }
    }

    // One setting is converted at a time, so a failure is described from what is known here (the setting, its
    // value, the wanted type) instead of being read back out of the binder's message.
    private static bool TryConvert(IConfigurationSection setting, Type type, List<string> problems, out object? value)
    {
        try
        {
            value = setting.Get(type);
            return true;
        }
        catch (InvalidOperationException)
        {
            problems.Add($"{setting.Path}: '{setting.Value}' is not a valid {TypeName(type)}");
            value = null;
            return false;
        }
    }

    // As the binder names it, without the System prefix: Int32, Double, TrailWatcher.Sinks.AlertFormat.
    private static string TypeName(Type type)
    {
        var name = (Nullable.GetUnderlyingType(type) ?? type).ToString();
        return name.StartsWith("System.", StringComparison.Ordinal) ? name["System.".Length..] : name;
    }

    private static bool IsOptionsObject(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type)
        && type.Namespace?.StartsWith("TrailWatcher", StringComparison.Ordinal) == true
        && type.GetConstructor(Type.EmptyTypes) is not null;
}
