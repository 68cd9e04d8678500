using System.Globalization;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>Reads durations written as <c>30s</c>, <c>15m</c>, <c>1h</c>, <c>1d</c>, or a TimeSpan such as <c>01:00:00</c>.</summary>
internal static class DurationParser
{
    public static bool TryParse(string text, out TimeSpan duration)
    {
        duration = default;
        if (text.Length >= 2
            && int.TryParse(text.AsSpan(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var amount))
        {
            TimeSpan? parsed = text[^1] switch
            {
                's' => TimeSpan.FromSeconds(amount),
                'm' => TimeSpan.FromMinutes(amount),
                'h' => TimeSpan.FromHours(amount),
                'd' => TimeSpan.FromDays(amount),
                _ => null,
            };
            if (parsed is { } value)
            {
                duration = value;
                return value > TimeSpan.Zero;
            }
        }

        return text.Contains(':', StringComparison.Ordinal)
            && TimeSpan.TryParse(text, CultureInfo.InvariantCulture, out duration)
            && duration > TimeSpan.Zero;
    }
}
