using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Sources.Sqs;

/// <summary>Reads the depth of the source queue and of its dead-letter queue (found from the redrive policy) for metrics and readiness.</summary>
internal sealed partial class QueueMonitor(
    IAmazonSQS sqs,
    IOptions<SqsSourceOptions> options,
    TrailWatcherMetrics metrics,
    TimeProvider time,
    ILogger<QueueMonitor> logger)
{
    private static readonly List<string> Wanted = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible", "RedrivePolicy"];

    /// <summary>The last time the queue answered; null until it has.</summary>
    public DateTimeOffset? LastReachable { get; private set; }

    /// <summary>Why the last attempt failed, or null when it worked.</summary>
    public string? LastError { get; private set; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var every = TimeSpan.FromSeconds(options.Value.QueueMetricsIntervalSeconds);
        while (!cancellationToken.IsCancellationRequested)
        {
            await CheckOnceAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Task.Delay(every, time, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    internal async Task CheckOnceAsync(CancellationToken cancellationToken)
    {
        var queueUrl = options.Value.QueueUrl!;
        try
        {
            var source = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest(queueUrl, Wanted), cancellationToken).ConfigureAwait(false);
            Record("source", source.Attributes);
            LastReachable = time.GetUtcNow();
            LastError = null;
            if (source.Attributes?.TryGetValue("RedrivePolicy", out var redrive) == true && DeadLetterQueueUrl(queueUrl, redrive) is { } dlqUrl)
            {
                var dlq = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest(dlqUrl, Wanted), cancellationToken).ConfigureAwait(false);
                Record("dlq", dlq.Attributes);
            }
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            LastError = ex.Message;
            LogUnreachable(logger, queueUrl, ex.Message);
        }
    }

    /// <summary>The DLQ's URL: the source queue's URL with the account and name from the redrive policy's target ARN.</summary>
    internal static string? DeadLetterQueueUrl(string queueUrl, string redrivePolicy)
    {
        try
        {
            using var policy = System.Text.Json.JsonDocument.Parse(redrivePolicy);
            if (!policy.RootElement.TryGetProperty("deadLetterTargetArn", out var arn) || arn.GetString() is not { } target)
            {
                return null;
            }

            var parts = target.Split(':');
            if (parts.Length < 6 || !Uri.TryCreate(queueUrl, UriKind.Absolute, out var uri))
            {
                return null;
            }

            return $"{uri.GetLeftPart(UriPartial.Authority)}/{parts[4]}/{parts[5]}";
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private void Record(string queue, Dictionary<string, string>? attributes)
    {
        if (attributes is null)
        {
            return;
        }

        if (attributes.TryGetValue("ApproximateNumberOfMessages", out var visible) && long.TryParse(visible, System.Globalization.CultureInfo.InvariantCulture, out var v))
        {
            metrics.QueueMessages(queue, "visible", v);
        }

        if (attributes.TryGetValue("ApproximateNumberOfMessagesNotVisible", out var inFlight) && long.TryParse(inFlight, System.Globalization.CultureInfo.InvariantCulture, out var f))
        {
            metrics.QueueMessages(queue, "in_flight", f);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Queue {QueueUrl} did not answer: {Reason}")]
    private static partial void LogUnreachable(ILogger logger, string queueUrl, string reason);
}
