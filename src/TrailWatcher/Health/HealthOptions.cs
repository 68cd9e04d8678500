using System.ComponentModel.DataAnnotations;

namespace TrailWatcher.Health;

/// <summary>Thresholds of the health endpoints (<c>TrailWatcher:Health</c>).</summary>
internal sealed class HealthOptions
{
    public const string Section = "TrailWatcher:Health";

    /// <summary>Liveness fails when the source loop has not turned for this long.</summary>
    [Range(5, 3_600)]
    public int LivenessTimeoutSeconds { get; set; } = 120;
}
