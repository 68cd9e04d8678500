using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace TrailWatcher.Sources.Sqs;

/// <summary>Receives notifications while there is room for their objects, and hands each message to the handler.</summary>
/// <remarks>
/// The poller never holds more messages than it can work on: it asks only for as many as there are free object
/// slots, so a slow pipeline leaves messages on the queue for other replicas instead of letting them time out here.
/// </remarks>
internal sealed partial class SqsPoller(
    IAmazonSQS sqs,
    SqsMessageHandler handler,
    IOptions<SqsSourceOptions> options,
    Heartbeat heartbeat,
    TimeProvider time,
    ILogger<SqsPoller> logger)
{
    private readonly SqsSourceOptions _options = options.Value;
    private readonly SemaphoreSlim _slots = new(options.Value.MaxConcurrentObjects, options.Value.MaxConcurrentObjects);
    private readonly List<Task> _inFlight = [];

    /// <summary>Why the last receive failed; null after a receive that worked.</summary>
    public string? LastReceiveError { get; private set; }

    /// <summary>True once a receive call has succeeded.</summary>
    public bool HasReceived { get; private set; }

    /// <summary>Receives until <paramref name="stoppingToken"/>; messages in flight go on under <paramref name="hardStop"/>.</summary>
    public async Task RunAsync(CancellationToken stoppingToken, CancellationToken hardStop)
    {
        LogPolling(logger, _options.QueueUrl!);
        var failures = 0;
        while (!stoppingToken.IsCancellationRequested)
        {
            heartbeat.Beat();
            try
            {
                await WaitForRoomAsync(stoppingToken).ConfigureAwait(false);
                var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
                {
                    QueueUrl = _options.QueueUrl,
                    MaxNumberOfMessages = Math.Clamp(_slots.CurrentCount, 1, _options.MaxMessages),
                    WaitTimeSeconds = _options.WaitTimeSeconds,
                    VisibilityTimeout = _options.VisibilityTimeoutSeconds,
                    MessageSystemAttributeNames = ["ApproximateReceiveCount", "SentTimestamp"],
                }, stoppingToken).ConfigureAwait(false);
                failures = 0;
                LastReceiveError = null;
                HasReceived = true;
                foreach (var message in response.Messages ?? [])
                {
                    Track(handler.HandleAsync(message, _slots, hardStop));
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                // The queue is unreachable or refuses us: back off, keep trying, and say so.
                failures++;
                LastReceiveError = ex.Message;
                var delay = TimeSpan.FromSeconds(Math.Min(30, Math.Pow(2, Math.Min(failures, 5))));
                LogReceiveFailed(logger, ex, _options.QueueUrl!, delay.TotalSeconds);
                try
                {
                    await Task.Delay(delay, time, stoppingToken).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        }
    }

    /// <summary>Completes when every message received so far has been handled (deleted, left or released).</summary>
    public Task WhenIdleAsync()
    {
        lock (_inFlight)
        {
            return Task.WhenAll(_inFlight.ToArray());
        }
    }

    private async Task WaitForRoomAsync(CancellationToken cancellationToken)
    {
        // Waiting on a full pipeline is not being stuck: keep the heartbeat going while slots are taken.
        while (!await _slots.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken).ConfigureAwait(false))
        {
            heartbeat.Beat();
        }

        _slots.Release();
    }

    private void Track(Task task)
    {
        lock (_inFlight)
        {
            _inFlight.RemoveAll(t => t.IsCompleted);
            _inFlight.Add(task);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Receiving CloudTrail notifications from {QueueUrl}")]
    private static partial void LogPolling(ILogger logger, string queueUrl);

    [LoggerMessage(Level = LogLevel.Error, Message = "Receiving from {QueueUrl} failed; retrying in {Seconds} s")]
    private static partial void LogReceiveFailed(ILogger logger, Exception exception, string queueUrl, double seconds);
}
