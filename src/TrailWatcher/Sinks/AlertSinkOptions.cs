using System.ComponentModel.DataAnnotations;

namespace TrailWatcher.Sinks;

/// <summary>What every sink's section has: the alert format and the retry/circuit-breaker settings.</summary>
internal abstract class AlertSinkOptions
{
    [EnumDataType(typeof(AlertFormat))]
    public AlertFormat Format { get; set; } = AlertFormat.Native;

    public SinkResilienceOptions Resilience { get; set; } = new();
}
