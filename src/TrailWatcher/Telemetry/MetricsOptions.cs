using System.ComponentModel.DataAnnotations;
using System.Net;

namespace TrailWatcher.Telemetry;

/// <summary>The HTTP endpoint for /metrics, /healthz and /readyz (<c>TrailWatcher:Metrics</c>).</summary>
internal sealed class MetricsOptions : IValidatableObject
{
    public const string Section = "TrailWatcher:Metrics";

    public bool Enabled { get; set; } = true;

    /// <summary>0 picks a free port (it is logged at start).</summary>
    [Range(0, 65_535)]
    public int Port { get; set; } = 9464;

    /// <summary>127.0.0.1 keeps the endpoint on the machine; containers set 0.0.0.0 so Prometheus can scrape.</summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!IPAddress.TryParse(BindAddress, out _))
        {
            yield return new ValidationResult($"'{BindAddress}' is not an IP address", [nameof(BindAddress)]);
        }
    }
}
