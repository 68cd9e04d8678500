namespace TrailWatcher.Sinks;

/// <summary>The JSON-lines file sink (<c>TrailWatcher:Sinks:File</c>); on when <see cref="Path"/> is set.</summary>
internal sealed class FileSinkOptions
{
    public string? Path { get; set; }
}
