using System.ComponentModel.DataAnnotations;
using TrailWatcher.Sinks.Routing;

namespace TrailWatcher.Sinks;

/// <summary>What every sink's section has: the alert format, the retry/circuit-breaker settings and the route (which alerts it takes).</summary>
internal abstract class AlertSinkOptions
{
    [EnumDataType(typeof(AlertFormat))]
    public AlertFormat Format { get; set; } = AlertFormat.Native;

    /// <summary>True: signals (rules with <c>signal: true</c>) and their updates come here too; they never page, so off by default.</summary>
    public bool IncludeSignals { get; set; }

    public SinkResilienceOptions Resilience { get; set; } = new();

    public SinkRouteOptions Route { get; set; } = new();
}
