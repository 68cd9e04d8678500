namespace TrailWatcher.Sinks;

/// <summary>The standard-output sink (<c>TrailWatcher:Sinks:Console</c>).</summary>
internal sealed class ConsoleSinkOptions : AlertSinkOptions
{
    public bool Enabled { get; set; } = true;
}
