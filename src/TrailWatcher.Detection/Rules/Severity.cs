namespace TrailWatcher.Detection.Rules;

/// <summary>How urgent an alert is, from informational to critical.</summary>
public enum Severity
{
    Info,
    Low,
    Medium,
    High,
    Critical,
}
