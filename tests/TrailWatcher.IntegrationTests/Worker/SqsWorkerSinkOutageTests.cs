using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using TrailWatcher.IntegrationTests.Support;
using Xunit;

namespace TrailWatcher.IntegrationTests.Worker;

/// <summary>An alert destination that is down for a while under a steady flow of notifications.</summary>
[Collection(AwsEmulatorCollection.Name)]
public sealed class SqsWorkerSinkOutageTests(AwsEmulatorFixture emulator)
{
    private static readonly TimeSpan Outage = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Flow = TimeSpan.FromSeconds(40);

    [Fact]
    public async Task Worker_WebhookFailingFor30Seconds_LosesNothingDeletesNothingEarlyAndResumesByItself()
    {
        await using var harness = await WorkerHarness.CreateAsync(emulator);
        var queues = await QueuePair.CreateAsync(emulator, "outage", maxReceiveCount: 3);
        using var webhook = new WebhookReceiver(status: 500);
        var settings = harness.Settings(queues.QueueUrl, harness.AlertFilePath("alerts")) with
        {
            VisibilityTimeoutSeconds = 10,
            MaxConcurrentObjects = 4,
            Extra = new Dictionary<string, string>
            {
                ["TrailWatcher__Sinks__Webhook__Url"] = webhook.Url,
                ["TrailWatcher__Sinks__Webhook__Resilience__RetryDelaySeconds"] = "0.2",
                ["TrailWatcher__Sinks__Webhook__Resilience__MaxRetryDelaySeconds"] = "2",
                ["TrailWatcher__Sinks__Webhook__Resilience__BreakDurationSeconds"] = "2",
            },
        };
        var worker = harness.StartWorker(settings);

        var expected = new List<string>();
        var clock = Stopwatch.StartNew();
        long peakRssKb = 0;
        var lowestUndeleted = int.MaxValue;
        for (var i = 0; clock.Elapsed < Flow && i < 400; i++)
        {
            var eventId = $"outage-{i:D3}";
            var record = SeedEvents.LoggingDisabled(eventId);
            // One bucket per event: each is an alert of its own, whatever the rule's dedup key.
            record["requestParameters"]!["bucketName"] = $"bucket-{i:D3}";
            var key = CloudTrailKeys.Log(eventId);
            var size = await harness.PutLogAsync(key, record);
            await harness.SendAsync(queues.QueueUrl, Notifications.S3ObjectCreated(harness.Bucket, key, size));
            expected.Add(eventId);

            if (clock.Elapsed < Outage && i % 8 == 7)
            {
                // While the webhook refuses everything, no message may leave the queue.
                var depth = await QueueProbe.DepthAsync(harness.Sqs, queues.QueueUrl);
                lowestUndeleted = Math.Min(lowestUndeleted, depth.Total - expected.Count);
                peakRssKb = Math.Max(peakRssKb, ResidentKilobytes(worker.Id));
                Assert.Empty(webhook.Accepted);
            }

            if (clock.Elapsed >= Outage && webhook.Status != 200)
            {
                webhook.Status = 200;
            }

            await Task.Delay(200);
        }

        webhook.Status = 200;
        var deadline = Stopwatch.StartNew();
        while (deadline.Elapsed < TimeSpan.FromSeconds(90) && AcceptedEventIds(webhook).Count < expected.Count && !worker.HasExited)
        {
            await Task.Delay(250);
        }

        var accepted = webhook.Accepted;
        var keys = accepted.Select(r => r.Header("Idempotency-Key")).ToList();
        Assert.True(AcceptedEventIds(webhook).SetEquals(expected), $"webhook accepted {AcceptedEventIds(webhook).Count} of {expected.Count} alerts.\n{harness.WorkerLogs()}");
        Assert.Equal(keys.Count, keys.Distinct().Count());
        Assert.True(webhook.Requests.Count > accepted.Count, "the outage was never seen by the worker");
        Assert.True(lowestUndeleted >= 0, $"a message was deleted while its alert could not be delivered (depth fell {-lowestUndeleted} below what was sent)");
        Assert.InRange(peakRssKb, 1, 512 * 1024);
        var drained = await QueueProbe.WaitForDepthAsync(harness.Sqs, queues.QueueUrl, d => d.Total == 0, TimeSpan.FromSeconds(30));
        Assert.True(drained.Total == 0, $"the queue still holds {drained} after recovery.\n{harness.WorkerLogs()}");
        Assert.Equal(0, await WorkerHarness.StopAsync(worker, TimeSpan.FromSeconds(30)));
    }

    private static HashSet<string> AcceptedEventIds(WebhookReceiver webhook) =>
        [.. webhook.Accepted.Select(r => JsonDocument.Parse(r.Body).RootElement.GetProperty("event_id").GetString()!)];

    private static long ResidentKilobytes(int pid)
    {
        var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture);
    }
}
