using System.ComponentModel.DataAnnotations;
using TrailWatcher.Configuration;

namespace TrailWatcher.Sinks.EventBridge;

/// <summary>The EventBridge sink (<c>TrailWatcher:Sinks:EventBridge</c>); on when <see cref="EventBusName"/> is set. Signs with the AWS SDK's credential chain.</summary>
internal sealed class EventBridgeSinkOptions : AlertSinkOptions, IValidatableObject
{
    /// <summary>The bus: a name (<c>default</c> for the account's default bus) or an ARN.</summary>
    public string? EventBusName { get; set; }

    /// <summary>Every event's <c>source</c>, what rules match on.</summary>
    public string Source { get; set; } = "trailwatcher";

    /// <summary>Region of the bus when <see cref="EventBusName"/> is no ARN; when empty, <c>TrailWatcher:Aws:Region</c>, then AWS_REGION.</summary>
    [RegularExpression(@"^[a-z]{2}(-[a-z0-9]+)+-\d+$", ErrorMessage = "is not an AWS region name such as us-east-1")]
    public string? Region { get; set; }

    /// <summary>Endpoint override; when empty, <c>TrailWatcher:Aws:ServiceUrl</c>, else the regional endpoint.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>One request's timeout.</summary>
    [Range(0.1, 600)]
    public double TimeoutSeconds { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(EventBusName);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && (EventBusName!.Length > 1600 || !(EventBusName.StartsWith("arn:", StringComparison.Ordinal) || EventBusName.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' or '/'))))
        {
            yield return new ValidationResult($"'{EventBusName}' is not an event bus name or ARN", [nameof(EventBusName)]);
        }

        // EventBridge keeps sources starting with "aws." for AWS's own events and refuses them from anyone else.
        if (string.IsNullOrWhiteSpace(Source) || Source.Length > 256 || Source.StartsWith("aws.", StringComparison.OrdinalIgnoreCase))
        {
            yield return new ValidationResult("must be 1 to 256 characters and not start with 'aws.'", [nameof(Source)]);
        }

        if (!string.IsNullOrEmpty(ServiceUrl) && !HttpUrl.IsAbsolute(ServiceUrl))
        {
            yield return new ValidationResult($"'{ServiceUrl}' is not an http(s) URL", [nameof(ServiceUrl)]);
        }
    }
}
