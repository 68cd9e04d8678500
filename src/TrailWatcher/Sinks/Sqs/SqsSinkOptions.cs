using System.ComponentModel.DataAnnotations;
using TrailWatcher.Configuration;

namespace TrailWatcher.Sinks.Sqs;

/// <summary>The SQS sink (<c>TrailWatcher:Sinks:Sqs</c>); on when <see cref="QueueUrl"/> is set. Reaches AWS as <c>TrailWatcher:Aws</c> says.</summary>
internal sealed class SqsSinkOptions : AlertSinkOptions, IValidatableObject
{
    public string? QueueUrl { get; set; }

    public bool Enabled => !string.IsNullOrWhiteSpace(QueueUrl);

    /// <summary>FIFO queues need a group id and a deduplication id on every message.</summary>
    public bool IsFifo => QueueUrl?.TrimEnd('/').EndsWith(".fifo", StringComparison.Ordinal) == true;

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && !HttpUrl.IsAbsolute(QueueUrl))
        {
            yield return new ValidationResult($"'{QueueUrl}' is not a queue URL (https://sqs.REGION.amazonaws.com/ACCOUNT/NAME)", [nameof(QueueUrl)]);
        }
    }
}
