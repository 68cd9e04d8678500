using System.Collections.Concurrent;
using System.Text.Json;
using Amazon.Runtime;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging.Abstractions;
using TrailWatcher.IntegrationTests.Support;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.Sqs;
using Xunit;

namespace TrailWatcher.IntegrationTests.Sinks;

/// <summary>The SQS alert sink against the emulator: batches of at most ten, attributes, and FIFO deduplication.</summary>
[Collection(AwsEmulatorCollection.Name)]
public sealed class SqsAlertSinkTests(AwsEmulatorFixture emulator) : IDisposable
{
    private readonly AmazonSQSClient _sqs = emulator.CreateSqsClient();
    private readonly ConcurrentQueue<int> _batchSizes = new();

    [Fact]
    public async Task Deliver_23Alerts_LandInBatchesOfAtMostTenWithAttributes()
    {
        var queueUrl = await emulator.CreateQueueAsync(AwsEmulatorFixture.UniqueName("alerts"));
        await using var dispatcher = Dispatcher(queueUrl);
        var alerts = UniqueAlerts.Many(23, "std");

        await dispatcher.DeliverAsync(alerts, CancellationToken.None);

        Assert.Equal([10, 10, 3], _batchSizes);
        var messages = await ReceiveAllAsync(queueUrl, alerts.Count);
        Assert.Equal(alerts.Select(a => a.Id).Order(StringComparer.Ordinal), messages.Select(m => m.MessageAttributes["alert_id"].StringValue).Order(StringComparer.Ordinal));
        Assert.All(messages, m =>
        {
            var body = JsonDocument.Parse(m.Body).RootElement;
            Assert.Equal("trailwatcher.alert/1", body.GetProperty("schema").GetString());
            Assert.Equal(m.MessageAttributes["alert_id"].StringValue, body.GetProperty("id").GetString());
            Assert.Equal("rule.test", m.MessageAttributes["rule_id"].StringValue);
            Assert.Equal("high", m.MessageAttributes["severity"].StringValue);
        });
        Assert.Equal(23, dispatcher.Statuses[0].Delivered);
    }

    [Fact]
    public async Task Deliver_FifoQueueSameAlertTwice_SqsKeepsOneByDeduplicationId()
    {
        var queueUrl = await emulator.CreateQueueAsync(AwsEmulatorFixture.UniqueName("alerts") + ".fifo", new Dictionary<string, string> { ["FifoQueue"] = "true" });
        await using var dispatcher = Dispatcher(queueUrl);
        var alerts = UniqueAlerts.Many(4, "fifo");

        await dispatcher.DeliverAsync(alerts, CancellationToken.None);
        // A redelivered notification raises the same alerts again.
        await dispatcher.DeliverAsync(alerts.Take(2).ToList(), CancellationToken.None);

        var messages = await ReceiveAllAsync(queueUrl, alerts.Count);
        Assert.Equal(alerts.Select(a => a.Id).Order(StringComparer.Ordinal), messages.Select(m => m.MessageAttributes["alert_id"].StringValue).Order(StringComparer.Ordinal));
        Assert.All(messages, m =>
        {
            Assert.Equal(m.MessageAttributes["alert_id"].StringValue, m.Attributes["MessageDeduplicationId"]);
            Assert.Equal("rule.test", m.Attributes["MessageGroupId"]);
        });
    }

    public void Dispose() => _sqs.Dispose();

    private AlertDispatcher Dispatcher(string queueUrl)
    {
        _sqs.BeforeRequestEvent += (_, e) =>
        {
            if (e is WebServiceRequestEventArgs { Request: SendMessageBatchRequest batch })
            {
                _batchSizes.Enqueue(batch.Entries.Count);
            }
        };
        var sink = new SqsAlertSink(_sqs, new SqsSinkOptions { QueueUrl = queueUrl }, ownsClient: false);
        var resilience = new SinkResilienceOptions { RetryDelaySeconds = 0.05, MaxRetryDelaySeconds = 0.5, BreakDurationSeconds = 1 };
        return new AlertDispatcher([ResilientSink.Create(sink, resilience, TimeProvider.System, NullLogger.Instance)], NullLogger<AlertDispatcher>.Instance);
    }

    // Receives until `expected` messages arrived and a further receive is empty, deleting each (FIFO groups unlock on delete).
    private async Task<List<Message>> ReceiveAllAsync(string queueUrl, int expected)
    {
        var messages = new List<Message>();
        for (var round = 0; round < 20; round++)
        {
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
            {
                QueueUrl = queueUrl,
                MaxNumberOfMessages = 10,
                WaitTimeSeconds = messages.Count >= expected ? 1 : 2,
                VisibilityTimeout = 60,
                MessageAttributeNames = ["All"],
                MessageSystemAttributeNames = ["All"],
            });
            var received = response.Messages ?? [];
            if (received.Count == 0 && messages.Count >= expected)
            {
                break;
            }

            foreach (var message in received)
            {
                messages.Add(message);
                await _sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
            }
        }

        return messages;
    }
}
