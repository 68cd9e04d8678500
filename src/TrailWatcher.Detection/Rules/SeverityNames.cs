namespace TrailWatcher.Detection.Rules;

/// <summary>The one table of severity names, as rules, alerts, sinks and metrics write them, with each severity's default risk score.</summary>
public static class SeverityNames
{
    private static readonly (Severity Severity, string Name, int DefaultRiskScore)[] Table =
    [
        (Severity.Info, "info", 0),
        (Severity.Low, "low", 21),
        (Severity.Medium, "medium", 47),
        (Severity.High, "high", 73),
        (Severity.Critical, "critical", 99),
    ];

    /// <summary>Every name, lowest first, for messages.</summary>
    public static string List { get; } = string.Join(", ", Table.Select(t => t.Name));

    public static string Name(Severity severity) => Row(severity).Name;

    /// <summary>The risk score of a rule that gives none.</summary>
    public static int DefaultRiskScore(Severity severity) => Row(severity).DefaultRiskScore;

    /// <summary>Reads a name, ignoring case.</summary>
    public static bool TryParse(string? name, out Severity severity)
    {
        foreach (var row in Table)
        {
            if (string.Equals(row.Name, name, StringComparison.OrdinalIgnoreCase))
            {
                severity = row.Severity;
                return true;
            }
        }

        severity = default;
        return false;
    }

    private static (Severity Severity, string Name, int DefaultRiskScore) Row(Severity severity)
    {
        foreach (var row in Table)
        {
            if (row.Severity == severity)
            {
                return row;
            }
        }

        throw new ArgumentOutOfRangeException(nameof(severity), severity, null);
    }
}
