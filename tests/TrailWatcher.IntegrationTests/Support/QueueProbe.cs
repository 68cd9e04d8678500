using System.Diagnostics;
using System.Globalization;
using Amazon.SQS;
using Amazon.SQS.Model;

namespace TrailWatcher.IntegrationTests.Support;

/// <summary>Looks at a queue from outside, without taking part in the worker's receives unless asked to.</summary>
internal static class QueueProbe
{
    /// <summary>ApproximateNumberOfMessages and ApproximateNumberOfMessagesNotVisible, which both emulators keep exactly.</summary>
    /// <remarks>
    /// fauxqs only returns expired in-flight messages to the queue on a receive, so until then they count as
    /// in flight: <see cref="QueueDepth.Total"/> is exact, the split between the two is not after an expiry.
    /// </remarks>
    public static async Task<QueueDepth> DepthAsync(IAmazonSQS sqs, string queueUrl)
    {
        var response = await sqs.GetQueueAttributesAsync(new GetQueueAttributesRequest
        {
            QueueUrl = queueUrl,
            AttributeNames = ["ApproximateNumberOfMessages", "ApproximateNumberOfMessagesNotVisible"],
        });
        return new QueueDepth(Read(response, "ApproximateNumberOfMessages"), Read(response, "ApproximateNumberOfMessagesNotVisible"));
    }

    /// <summary>Polls the depth until <paramref name="condition"/> holds or the time is up; gives the last depth seen.</summary>
    public static async Task<QueueDepth> WaitForDepthAsync(IAmazonSQS sqs, string queueUrl, Func<QueueDepth, bool> condition, TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        var depth = await DepthAsync(sqs, queueUrl);
        while (!condition(depth) && clock.Elapsed < timeout)
        {
            await Task.Delay(200);
            depth = await DepthAsync(sqs, queueUrl);
        }

        return depth;
    }

    /// <summary>
    /// Receives (and keeps invisible for a minute) messages from the queues until <paramref name="count"/> were
    /// collected or the time is up. Only for after the worker has stopped: it competes with any consumer.
    /// </summary>
    public static async Task<IReadOnlyList<Message>> TakeAsync(IAmazonSQS sqs, IReadOnlyList<string> queueUrls, int count, TimeSpan timeout)
    {
        var taken = new List<Message>();
        var clock = Stopwatch.StartNew();
        while (taken.Count < count && clock.Elapsed < timeout)
        {
            foreach (var queueUrl in queueUrls)
            {
                var response = await sqs.ReceiveMessageAsync(new ReceiveMessageRequest
                {
                    QueueUrl = queueUrl,
                    MaxNumberOfMessages = 10,
                    WaitTimeSeconds = 1,
                    VisibilityTimeout = 60,
                });
                taken.AddRange(response.Messages ?? []);
            }
        }

        return taken;
    }

    private static int Read(GetQueueAttributesResponse response, string name) =>
        int.Parse(
            response.Attributes?.GetValueOrDefault(name) ?? throw new InvalidOperationException($"The emulator did not report {name}."),
            CultureInfo.InvariantCulture);
}
