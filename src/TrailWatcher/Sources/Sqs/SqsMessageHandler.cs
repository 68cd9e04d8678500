using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Pipeline;
using TrailWatcher.Sources.S3;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Sources.Sqs;

/// <summary>Takes one SQS message from receipt to its end: deleted when everything it announced was processed, otherwise left or released.</summary>
internal sealed partial class SqsMessageHandler(
    IAmazonSQS sqs,
    S3ObjectOpener opener,
    DetectionPipeline pipeline,
    IOptions<SqsSourceOptions> options,
    TrailWatcherMetrics metrics,
    TimeProvider time,
    ILogger<SqsMessageHandler> logger,
    DigestHook? validator = null)
{
    private readonly SqsSourceOptions _options = options.Value;

    /// <summary>Handles a message.</summary>
    /// <param name="message">The received message.</param>
    /// <param name="slots">Bounds the objects in flight across all messages.</param>
    /// <param name="hardStop">Cancelled when shutdown can wait no longer: the message is then released for another worker.</param>
    public async Task HandleAsync(Message message, SemaphoreSlim slots, CancellationToken hardStop)
    {
        if (System.Text.Encoding.UTF8.GetByteCount(message.Body ?? "") > _options.MaxMessageBytes)
        {
            // Not even parsed: a body this size is not a notification, and parsing it costs what its sender chose.
            LogRefused(logger, message.MessageId, $"its body is larger than {_options.MaxMessageBytes:N0} bytes (TrailWatcher:Sqs:MaxMessageBytes)");
            metrics.Notification("unknown", "refused_size");
            metrics.LimitExceeded("message_bytes");
            return;
        }

        var notification = NotificationParser.Parse(message.Body ?? "");
        using var scope = logger.BeginScope(new Dictionary<string, object> { ["MessageId"] = message.MessageId, ["Format"] = notification.Format });
        switch (notification.Kind)
        {
            case NotificationKind.Unknown:
                // Never deleted: after the queue's maxReceiveCount its redrive policy moves it to the dead-letter queue.
                LogUnknown(logger, message.MessageId, notification.Detail ?? "", Excerpt(message.Body));
                metrics.Notification(notification.Format, "left_for_dlq");
                return;
            case NotificationKind.Control or NotificationKind.Ignored:
                LogControl(logger, message.MessageId, notification.Format, notification.Detail ?? "");
                await DeleteAsync(message, hardStop).ConfigureAwait(false);
                metrics.Notification(notification.Format, "control");
                return;
        }

        if (notification.Objects.Count > _options.MaxObjectsPerMessage)
        {
            LogRefused(logger, message.MessageId, $"it announces {notification.Objects.Count:N0} objects, more than {_options.MaxObjectsPerMessage:N0} (TrailWatcher:Sqs:MaxObjectsPerMessage)");
            metrics.Notification(notification.Format, "refused_size");
            metrics.LimitExceeded("objects_per_message");
            return;
        }

        var foreign = notification.Objects.Where(o => !opener.AllowedBuckets.Allows(o.Bucket, o.Key)).Take(1).ToList();
        if (foreign.Count > 0)
        {
            // Nothing of it is read: whoever can send to the queue must not steer the worker to other buckets its role
            // can reach. Left as it is, it reaches the dead-letter queue after the queue's maxReceiveCount.
            LogForeignBucket(logger, message.MessageId, foreign[0].Bucket, foreign[0].Key);
            metrics.Notification(notification.Format, "refused_bucket");
            return;
        }

        var wanted = new List<S3ObjectReference>();
        var digests = new List<S3ObjectReference>();
        foreach (var reference in notification.Objects)
        {
            var kind = LogObjectClassifier.Classify(reference.Key);
            if (!opener.IsIncluded(reference.Key) || kind == LogObjectKind.NotALog || (kind == LogObjectKind.Digest && validator is null))
            {
                LogSkipped(logger, reference.ToString());
            }
            else
            {
                (kind == LogObjectKind.Digest ? digests : wanted).Add(reference);
            }
        }

        if (wanted.Count == 0 && digests.Count == 0)
        {
            await DeleteAsync(message, hardStop).ConfigureAwait(false);
            metrics.Notification(notification.Format, "deleted");
            return;
        }

        using var extending = CancellationTokenSource.CreateLinkedTokenSource(hardStop);
        var extender = ExtendVisibilityAsync(message, extending.Token);
        var works = new List<ObjectWork>(wanted.Count);
        var validations = new List<Task<bool>>(digests.Count);
        var completed = false;
        try
        {
            // Digests wait (up to the grace) for the log files they list: they run beside this message's own objects.
            validations.AddRange(digests.Select(d => validator!.ValidateAsync(d, hardStop)));
            foreach (var reference in wanted)
            {
                await slots.WaitAsync(hardStop).ConfigureAwait(false);
                ObjectWork work;
                try
                {
                    work = await pipeline.SubmitAsync(opener.Describe(reference) with { Hashed = validator is not null }, hardStop).ConfigureAwait(false);
                }
                catch
                {
                    slots.Release();
                    throw;
                }

                _ = work.Completion.ContinueWith(_ => slots.Release(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
                works.Add(work);
            }

            var outcomes = await Task.WhenAll(works.Select(w => w.Completion)).ConfigureAwait(false);
            if (validator is not null)
            {
                // In the ledger only once read, evaluated and delivered: a digest then has nothing more to fetch.
                foreach (var outcome in outcomes)
                {
                    await validator.RecordAsync(outcome, hardStop).ConfigureAwait(false);
                }
            }

            var validated = await Task.WhenAll(validations).ConfigureAwait(false);
            completed = true;
            await extending.CancelAsync().ConfigureAwait(false);
            await extender.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            var failed = outcomes.Where(o => !o.Succeeded).ToList();
            if (failed.Count == 0 && validated.All(v => v))
            {
                await DeleteAsync(message, hardStop).ConfigureAwait(false);
                metrics.Notification(notification.Format, "deleted");
                if (SentAt(message) is { } sent)
                {
                    metrics.NotificationDelivered(time.GetUtcNow() - sent);
                }

                LogDone(logger, message.MessageId, outcomes.Length + validated.Length, outcomes.Sum(o => o.Records), outcomes.Sum(o => o.Alerts));
            }
            else
            {
                // Left as it is: it comes back after the visibility timeout, and after maxReceiveCount goes to the DLQ.
                metrics.Notification(notification.Format, "failed");
                foreach (var outcome in failed)
                {
                    LogObjectFailed(logger, message.MessageId, outcome.Object.Name, outcome.Error!.Message);
                }

                for (var i = 0; i < validated.Length; i++)
                {
                    if (!validated[i])
                    {
                        LogObjectFailed(logger, message.MessageId, digests[i].ToString(), "its digest validation did not finish (see the log above)");
                    }
                }
            }
        }
        catch (Exception ex) when (!completed && ex is OperationCanceledException or PipelineClosedException)
        {
            // Stopping before the message was done: hand it to another worker now rather than after its visibility timeout.
            await extending.CancelAsync().ConfigureAwait(false);
            await extender.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            await ReleaseAsync(message).ConfigureAwait(false);
            metrics.Notification(notification.Format, "released");
        }
    }

    private static DateTimeOffset? SentAt(Message message) =>
        message.Attributes is { } attributes && attributes.TryGetValue("SentTimestamp", out var sent) && long.TryParse(sent, System.Globalization.CultureInfo.InvariantCulture, out var ms)
            ? DateTimeOffset.FromUnixTimeMilliseconds(ms)
            : null;

    private async Task ExtendVisibilityAsync(Message message, CancellationToken cancellationToken)
    {
        // Renew at a third of the timeout, so one failed renewal still leaves time for the next.
        var every = TimeSpan.FromSeconds(Math.Max(1, _options.VisibilityTimeoutSeconds / 3.0));
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(every, time, cancellationToken).ConfigureAwait(false);
            try
            {
                await sqs.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest(_options.QueueUrl, message.ReceiptHandle, _options.VisibilityTimeoutSeconds), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogExtendFailed(logger, ex, message.MessageId);
            }
        }
    }

    private async Task DeleteAsync(Message message, CancellationToken cancellationToken)
    {
        try
        {
            await sqs.DeleteMessageAsync(_options.QueueUrl, message.ReceiptHandle, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Processed but not deleted: it will be delivered again, and its alerts carry the same ids.
            LogDeleteFailed(logger, ex, message.MessageId);
        }
    }

    private async Task ReleaseAsync(Message message)
    {
        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await sqs.ChangeMessageVisibilityAsync(new ChangeMessageVisibilityRequest(_options.QueueUrl, message.ReceiptHandle, 0), timeout.Token).ConfigureAwait(false);
            LogReleased(logger, message.MessageId);
        }
        catch (Exception ex)
        {
            LogReleaseFailed(logger, ex, message.MessageId);
        }
    }

    private static string Excerpt(string? body) => body is null ? "" : body.Length <= 200 ? body : body[..200] + "…";

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} is in no known notification format ({Detail}); left on the queue for its dead-letter queue. Body: {Body}")]
    private static partial void LogUnknown(ILogger logger, string messageId, string detail, string body);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId}: {Format} control message ({Detail}); deleted")]
    private static partial void LogControl(ILogger logger, string messageId, string format, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} refused because {Reason}; nothing of it is read, and it is left for the dead-letter queue")]
    private static partial void LogRefused(ILogger logger, string messageId, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Message {MessageId} names s3://{Bucket}/{Key}, outside TrailWatcher:S3:AllowedBuckets; nothing of it is read, and it is left for the dead-letter queue")]
    private static partial void LogForeignBucket(ILogger logger, string messageId, string bucket, string key);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipping {Object}: not a CloudTrail log, or outside the configured prefixes")]
    private static partial void LogSkipped(ILogger logger, string @object);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} done: {Objects} objects, {Records} records, {Alerts} alerts; deleted")]
    private static partial void LogDone(ILogger logger, string messageId, int objects, long records, int alerts);

    [LoggerMessage(Level = LogLevel.Error, Message = "Message {MessageId} not deleted: {Object} failed: {Reason}")]
    private static partial void LogObjectFailed(ILogger logger, string messageId, string @object, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not extend the visibility of message {MessageId}; another worker may receive it")]
    private static partial void LogExtendFailed(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not delete message {MessageId}; it will be delivered again")]
    private static partial void LogDeleteFailed(ILogger logger, Exception exception, string messageId);

    [LoggerMessage(Level = LogLevel.Information, Message = "Message {MessageId} released for another worker")]
    private static partial void LogReleased(ILogger logger, string messageId);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not release message {MessageId}; it returns after its visibility timeout")]
    private static partial void LogReleaseFailed(ILogger logger, Exception exception, string messageId);
}
