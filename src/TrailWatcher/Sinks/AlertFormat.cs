namespace TrailWatcher.Sinks;

/// <summary>How a sink writes each alert: TrailWatcher's own JSON or an OCSF Detection Finding.</summary>
internal enum AlertFormat
{
    Native,
    Ocsf,
}
