using System.ComponentModel.DataAnnotations;

namespace TrailWatcher.Sinks;

/// <summary>The JSON-lines file sink (<c>TrailWatcher:Sinks:File</c>); on when <see cref="Path"/> is set.</summary>
internal sealed class FileSinkOptions : AlertSinkOptions
{
    public string? Path { get; set; }

    /// <summary>The file is rotated before it would grow past this; 0 never rotates.</summary>
    [Range(0, long.MaxValue)]
    public long MaxBytes { get; set; } = 100L * 1024 * 1024;

    /// <summary>Rotated files kept beside the live one (<c>alerts.jsonl.1</c> … <c>.N</c>, 1 the newest).</summary>
    [Range(1, 1_000)]
    public int MaxFiles { get; set; } = 5;

    public bool Enabled => !string.IsNullOrWhiteSpace(Path);
}
