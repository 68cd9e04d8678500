using System.ComponentModel.DataAnnotations;

namespace TrailWatcher.Sources.Sqs;

/// <summary>The SQS notification source of <c>run</c> (<c>TrailWatcher:Sqs</c>).</summary>
internal sealed class SqsSourceOptions
{
    public const string Section = "TrailWatcher:Sqs";

    /// <summary>The queue the trail bucket's notifications arrive on.</summary>
    [Required(AllowEmptyStrings = false)]
    [Url]
    public string? QueueUrl { get; set; }

    /// <summary>Messages asked for per receive call (SQS allows 1–10).</summary>
    [Range(1, 10)]
    public int MaxMessages { get; set; } = 10;

    /// <summary>Long-poll wait per receive call (SQS allows 0–20).</summary>
    [Range(0, 20)]
    public int WaitTimeSeconds { get; set; } = 20;

    /// <summary>How long a received message stays hidden; extended while its objects are still being read.</summary>
    [Range(5, 43_200)]
    public int VisibilityTimeoutSeconds { get; set; } = 120;

    /// <summary>Objects in flight at once; no more messages are received than this allows.</summary>
    [Range(1, 1_000)]
    public int MaxConcurrentObjects { get; set; } = 16;

    /// <summary>How often the depth of the queue and its dead-letter queue is read for metrics and readiness.</summary>
    [Range(1, 3_600)]
    public int QueueMetricsIntervalSeconds { get; set; } = 30;

    /// <summary>Largest message body accepted (UTF-8 bytes); an S3 or CloudTrail notification is a few kilobytes.</summary>
    [Range(1_024, 16 * 1024 * 1024)]
    public int MaxMessageBytes { get; set; } = 1024 * 1024;

    /// <summary>Most log objects one message may announce; a message naming more is refused whole.</summary>
    [Range(1, 100_000)]
    public int MaxObjectsPerMessage { get; set; } = 1_000;

    /// <summary>On shutdown, how long in-flight objects may take to finish before their messages are released to other workers.</summary>
    [Range(0, 3_600)]
    public int ShutdownGraceSeconds { get; set; } = 20;
}
