namespace TrailWatcher.Sinks;

/// <summary>Where alerts go (<c>TrailWatcher:Sinks</c>).</summary>
internal sealed class SinkOptions
{
    public const string Section = "TrailWatcher:Sinks";

    public ConsoleSinkOptions Console { get; set; } = new();

    public FileSinkOptions File { get; set; } = new();
}
