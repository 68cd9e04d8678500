using System.ComponentModel.DataAnnotations;

namespace TrailWatcher.Sources;

/// <summary>The local-directory source of <c>run</c> (<c>TrailWatcher:Directory</c>).</summary>
internal sealed class DirectorySourceOptions
{
    public const string Section = "TrailWatcher:Directory";

    [Required(AllowEmptyStrings = false)]
    public string Path { get; set; } = "./inbox";

    /// <summary>How often the directory is listed for new files.</summary>
    [Range(0.05, 3600)]
    public double PollIntervalSeconds { get; set; } = 2;

    /// <summary>Where finished files are recorded so a restart skips them; relative to <see cref="Path"/>; empty keeps the record in memory only.</summary>
    /// <remarks>A dot-file, so neither the poller nor <c>scan</c> lists it as input.</remarks>
    public string StateFile { get; set; } = ".trailwatcher-state";
}
