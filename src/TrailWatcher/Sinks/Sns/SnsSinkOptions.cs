using System.ComponentModel.DataAnnotations;
using TrailWatcher.Sinks.AwsApi;
using TrailWatcher.Configuration;

namespace TrailWatcher.Sinks.Sns;

/// <summary>The SNS sink (<c>TrailWatcher:Sinks:Sns</c>); on when <see cref="TopicArn"/> is set. Signs with the AWS SDK's credential chain.</summary>
internal sealed class SnsSinkOptions : AlertSinkOptions, IValidatableObject
{
    public string? TopicArn { get; set; }

    /// <summary>Endpoint override (an emulator); when empty, <c>TrailWatcher:Aws:ServiceUrl</c>, else the topic's regional endpoint.</summary>
    public string? ServiceUrl { get; set; }

    /// <summary>One request's timeout.</summary>
    [Range(0.1, 600)]
    public double TimeoutSeconds { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(TopicArn);

    /// <summary>FIFO topics need a group id and a deduplication id on every message.</summary>
    public bool IsFifo => TopicArn?.EndsWith(".fifo", StringComparison.Ordinal) == true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && (AwsEndpoints.RegionOfArn(TopicArn) is null || TopicArn!.Split(':') is not [_, _, "sns", _, _, { Length: > 0 }]))
        {
            yield return new ValidationResult($"'{TopicArn}' is not an SNS topic ARN (arn:aws:sns:REGION:ACCOUNT:NAME)", [nameof(TopicArn)]);
        }

        if (!string.IsNullOrEmpty(ServiceUrl) && !HttpUrl.IsAbsolute(ServiceUrl))
        {
            yield return new ValidationResult($"'{ServiceUrl}' is not an http(s) URL", [nameof(ServiceUrl)]);
        }
    }
}
