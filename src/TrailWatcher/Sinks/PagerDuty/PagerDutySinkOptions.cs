using System.ComponentModel.DataAnnotations;
using TrailWatcher.Configuration;

namespace TrailWatcher.Sinks.PagerDuty;

/// <summary>The PagerDuty sink (<c>TrailWatcher:Sinks:PagerDuty</c>): Events API v2; on when <see cref="RoutingKey"/> is set.</summary>
internal sealed class PagerDutySinkOptions : AlertSinkOptions, IValidatableObject
{
    public const string DefaultUrl = "https://events.pagerduty.com/v2/enqueue";

    public string Url { get; set; } = DefaultUrl;

    /// <summary>The integration key of an Events API v2 integration; a credential, never logged.</summary>
    public string? RoutingKey { get; set; }

    /// <summary>The event's <c>client</c>: the monitoring tool PagerDuty shows as the sender.</summary>
    public string Client { get; set; } = "TrailWatcher";

    /// <summary>One request's timeout.</summary>
    [Range(0.1, 600)]
    public double TimeoutSeconds { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(RoutingKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && !HttpUrl.IsAbsolute(Url))
        {
            yield return new ValidationResult($"'{Url}' is not an absolute http(s) URL", [nameof(Url)]);
        }

        // Say what is wrong with the key without repeating it.
        if (Enabled && RoutingKey!.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            yield return new ValidationResult("holds white space or control characters", [nameof(RoutingKey)]);
        }

        if (string.IsNullOrWhiteSpace(Client))
        {
            yield return new ValidationResult("is empty", [nameof(Client)]);
        }
    }
}
