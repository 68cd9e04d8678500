using System.Collections;
using System.Diagnostics.CodeAnalysis;
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

    [UnconditionalSuppressMessage("Trimming", "IL2075", Justification = OptionsMembers.Kept)]
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

    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = OptionsMembers.Kept)]
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
            FillCollection(child, current, problems);
            return;
        }

        if (property.CanWrite && TryConvert(child, property.PropertyType, problems, out var value))
        {
            property.SetValue(target, value ?? current);
        }
    }

    // Collections are filled in place, as the stock binder does (a header map keeps its case-insensitive comparer): a
    // list of texts gets each entry appended, a map of texts its entries set, and a map of settings objects (accounts by
    // id) has each entry bound one setting at a time like any other settings object. Done here rather than by the stock
    // binder, whose collection path looks up interface methods by reflection that the native build does not keep.
    [UnconditionalSuppressMessage("Trimming", "IL2062", Justification = OptionsMembers.Kept)]
    [UnconditionalSuppressMessage("Trimming", "IL2072", Justification = OptionsMembers.Kept)]
    private static void FillCollection(IConfigurationSection section, object collection, List<string> problems)
    {
        switch (collection)
        {
            case IDictionary<string, string> texts:
                foreach (var entry in section.GetChildren())
                {
                    if (entry.Value is { } text)
                    {
                        texts[entry.Key] = text;
                    }
                }

                return;
            case ICollection<string> texts:
                foreach (var entry in section.GetChildren())
                {
                    if (entry.Value is { } text)
                    {
                        texts.Add(text);
                    }
                }

                return;
            case IDictionary map when collection.GetType().GetGenericArguments() is [_, var valueType] && IsOptionsObject(valueType):
                foreach (var entry in section.GetChildren())
                {
                    var value = map[entry.Key] ?? Activator.CreateInstance(valueType)!;
                    BindObject(entry, value, problems);
                    map[entry.Key] = value;
                }

                return;
            default:
                // The stock binder's collection path would bind nothing in the native build, silently: a settings class
                // with another kind of collection must be given a case here.
                throw new NotSupportedException($"{section.Path}: a {collection.GetType()} setting is not bound by TolerantBinder.FillCollection");
        }
    }

    // One setting is converted at a time, so a failure is described from what is known here (the setting, its
    // value, the wanted type) instead of being read back out of the binder's message.
    private static bool TryConvert(IConfigurationSection setting, Type type, List<string> problems, out object? value)
    {
        try
        {
            value = ReflectionGet(setting, type);
            return true;
        }
        catch (InvalidOperationException)
        {
            problems.Add($"{setting.Path}: '{setting.Value}' is not a valid {TypeName(type)}");
            value = null;
            return false;
        }
    }

    // The stock binder's conversion of one value, called through a delegate: the type is known only at run time, so the
    // compile-time binding generator (which intercepts direct calls, and would refuse this one) is left out of it. Safe
    // in the native build for the reasons of OptionsMembers.Kept.
    [UnconditionalSuppressMessage("Trimming", "IL2026", Justification = OptionsMembers.Kept)]
    [UnconditionalSuppressMessage("AOT", "IL3050", Justification = OptionsMembers.Kept)]
    private static object? ReflectionGet(IConfiguration setting, Type type)
    {
        Func<IConfiguration, Type, object?> get = ConfigurationBinder.Get;
        return get(setting, type);
    }

    // As the binder names it, without the System prefix: Int32, Double, TrailWatcher.Sinks.AlertFormat.
    private static string TypeName(Type type)
    {
        var name = (Nullable.GetUnderlyingType(type) ?? type).ToString();
        return name.StartsWith("System.", StringComparison.Ordinal) ? name["System.".Length..] : name;
    }

    [UnconditionalSuppressMessage("Trimming", "IL2070", Justification = OptionsMembers.Kept)]
    private static bool IsOptionsObject(Type type) =>
        type.IsClass && type != typeof(string) && !typeof(IEnumerable).IsAssignableFrom(type)
        && type.Namespace?.StartsWith("TrailWatcher", StringComparison.Ordinal) == true
        && type.GetConstructor(Type.EmptyTypes) is not null;
}
