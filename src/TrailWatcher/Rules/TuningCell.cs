using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Rules;

/// <summary>What tuning changed on a rule or a correlation, as one table cell.</summary>
internal static class TuningCell
{
    /// <summary>The settings changed, in the order first changed: <c>severity,exceptions:2</c>; <c>-</c> when none.</summary>
    public static string Of(IReadOnlyList<TuningChange> tuning)
    {
        ArgumentNullException.ThrowIfNull(tuning);
        if (tuning.Count == 0)
        {
            return "-";
        }

        var settings = tuning.Select(c => c.Setting).Distinct(StringComparer.Ordinal).Select(setting => setting switch
        {
            "exception" => $"exceptions:{tuning.Count(c => c.Setting == setting)}",
            "expired_exception" => $"expired:{tuning.Count(c => c.Setting == setting)}",
            _ => setting,
        });
        return string.Join(",", settings);
    }
}
