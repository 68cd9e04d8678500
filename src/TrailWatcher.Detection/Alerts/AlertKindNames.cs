namespace TrailWatcher.Detection.Alerts;

/// <summary>The one table of alert kind names (<c>alert</c>, <c>signal</c>, <c>update</c>), as JSON, sinks and metrics write them.</summary>
public static class AlertKindNames
{
    private static readonly (AlertKind Kind, string Name)[] Table =
    [
        (AlertKind.Alert, "alert"),
        (AlertKind.Signal, "signal"),
        (AlertKind.Update, "update"),
    ];

    public static string Name(AlertKind kind)
    {
        foreach (var (value, name) in Table)
        {
            if (value == kind)
            {
                return name;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(kind), kind, null);
    }

    public static bool TryParse(string? name, out AlertKind kind)
    {
        foreach (var (value, text) in Table)
        {
            if (string.Equals(text, name, StringComparison.Ordinal))
            {
                kind = value;
                return true;
            }
        }

        kind = default;
        return false;
    }
}
