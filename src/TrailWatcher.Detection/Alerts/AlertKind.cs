namespace TrailWatcher.Detection.Alerts;

/// <summary>What a record tells its reader: a new alert, a signal (never pages), or more events for an alert already raised.</summary>
public enum AlertKind
{
    Alert,
    Signal,
    Update,
}
