using System.ComponentModel.DataAnnotations;
using TrailWatcher.Configuration;

namespace TrailWatcher.Sinks.SplunkHec;

/// <summary>The Splunk HTTP Event Collector sink (<c>TrailWatcher:Sinks:SplunkHec</c>); on when <see cref="Url"/> is set.</summary>
internal sealed class SplunkHecSinkOptions : AlertSinkOptions, IValidatableObject
{
    /// <summary>The collector's base URL, e.g. <c>https://splunk.example.com:8088</c>; <c>/services/collector/event</c> is added.</summary>
    public string? Url { get; set; }

    /// <summary>The HEC token, sent as <c>Authorization: Splunk &lt;Token&gt;</c>; never logged. Best set from the environment.</summary>
    public string? Token { get; set; }

    /// <summary>Every event's <c>sourcetype</c>.</summary>
    public string SourceType { get; set; } = "trailwatcher:alert";

    /// <summary>The index events go to; the token's default index when empty.</summary>
    public string? Index { get; set; }

    /// <summary>Every event's <c>source</c>; the collector's default when empty.</summary>
    public string? Source { get; set; }

    /// <summary>Every event's <c>host</c>; the collector uses the sender's address when empty.</summary>
    public string? Host { get; set; }

    /// <summary>Events per request.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 100;

    /// <summary>True: a batch counts as delivered only once the indexers acknowledged it (the token must have indexer acknowledgment on).</summary>
    public bool UseAck { get; set; }

    /// <summary>How long to wait for an acknowledgment before the batch counts as failed and is sent again.</summary>
    [Range(0.1, 3_600)]
    public double AckTimeoutSeconds { get; set; } = 20;

    /// <summary>Pause between two acknowledgment queries.</summary>
    [Range(0.01, 60)]
    public double AckPollIntervalSeconds { get; set; } = 1;

    /// <summary>One request's timeout.</summary>
    [Range(0.1, 600)]
    public double TimeoutSeconds { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!HttpUrl.IsAbsolute(Url))
        {
            yield return new ValidationResult("is not an absolute http(s) URL", [nameof(Url)]);
        }

        // Said without repeating the value: it is a credential.
        if (string.IsNullOrWhiteSpace(Token))
        {
            yield return new ValidationResult("is required with Url (for example from the environment variable TrailWatcher__Sinks__SplunkHec__Token)", [nameof(Token)]);
        }
        else if (Token.Any(char.IsControl))
        {
            yield return new ValidationResult("holds a line break or control character", [nameof(Token)]);
        }

        if (string.IsNullOrWhiteSpace(SourceType))
        {
            yield return new ValidationResult("is empty", [nameof(SourceType)]);
        }

        // The acknowledgment is awaited inside one attempt: an attempt that ends first can never see it.
        if (UseAck && AckTimeoutSeconds >= Resilience.AttemptTimeoutSeconds)
        {
            yield return new ValidationResult($"must be shorter than Resilience:AttemptTimeoutSeconds ({Resilience.AttemptTimeoutSeconds:0.##} s), which ends the attempt that waits for it", [nameof(AckTimeoutSeconds)]);
        }
    }
}
