using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Microsoft.Extensions.Logging.Abstractions;
using TrailWatcher.Aws;
using TrailWatcher.IntegrationTests.Support;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.Sns;
using Xunit;

namespace TrailWatcher.IntegrationTests.Sinks;

/// <summary>The SNS alert sink against the emulator: what a queue subscribed to the topic reads back.</summary>
[Collection(AwsEmulatorCollection.Name)]
public sealed class SnsAlertSinkTests(AwsEmulatorFixture emulator) : IDisposable
{
    private readonly AmazonSQSClient _sqs = emulator.CreateSqsClient();

    [Fact]
    public async Task Deliver_ThreeAlerts_ASubscribedQueueGetsEachAsAnSnsNotificationWithAttributes()
    {
        var (topicArn, queueUrl) = await TopicWithQueueAsync(rawDelivery: false);
        await using var dispatcher = Dispatcher(topicArn);
        var alerts = UniqueAlerts.Many(3, "sns");

        await dispatcher.DeliverAsync(alerts, CancellationToken.None);

        var bodies = await ReceiveAllAsync(queueUrl, alerts.Count);
        var notifications = bodies.Select(b => JsonDocument.Parse(b).RootElement).ToList();
        Assert.Equal(alerts.Select(a => a.Id).Order(StringComparer.Ordinal), notifications.Select(n => JsonDocument.Parse(n.GetProperty("Message").GetString()!).RootElement.GetProperty("id").GetString()).Order(StringComparer.Ordinal));
        Assert.All(notifications, n =>
        {
            Assert.Equal("Notification", n.GetProperty("Type").GetString());
            Assert.Equal(topicArn, n.GetProperty("TopicArn").GetString());
            Assert.Equal("[HIGH] Test alert", n.GetProperty("Subject").GetString());
            var alert = JsonDocument.Parse(n.GetProperty("Message").GetString()!).RootElement;
            Assert.Equal("trailwatcher.alert/1", alert.GetProperty("schema").GetString());
            var attributes = n.GetProperty("MessageAttributes");
            Assert.Equal("rule.test", attributes.GetProperty("rule_id").GetProperty("Value").GetString());
            Assert.Equal("high", attributes.GetProperty("severity").GetProperty("Value").GetString());
            Assert.Equal("alert", attributes.GetProperty("kind").GetProperty("Value").GetString());
            Assert.Equal(alert.GetProperty("id").GetString(), attributes.GetProperty("alert_id").GetProperty("Value").GetString());
        });
        Assert.Equal(3, dispatcher.Statuses[0].Delivered);
    }

    [Fact]
    public async Task Deliver_RawDeliverySubscription_TheQueueReadsTheAlertJsonItself()
    {
        var (topicArn, queueUrl) = await TopicWithQueueAsync(rawDelivery: true);
        await using var dispatcher = Dispatcher(topicArn);
        var alert = UniqueAlerts.Many(1, "raw")[0];

        await dispatcher.DeliverAsync([alert], CancellationToken.None);

        var body = Assert.Single(await ReceiveAllAsync(queueUrl, 1));
        Assert.Equal(alert.Id, JsonDocument.Parse(body).RootElement.GetProperty("id").GetString());
    }

    public void Dispose() => _sqs.Dispose();

    private AlertDispatcher Dispatcher(string topicArn)
    {
        var sink = SnsAlertSink.Create(new SnsSinkOptions { TopicArn = topicArn }, new AwsOptions { ServiceUrl = emulator.ServiceUrl }, TimeProvider.System, () => emulator.Credentials);
        var resilience = new SinkResilienceOptions { RetryDelaySeconds = 0.05, MaxRetryDelaySeconds = 0.5, BreakDurationSeconds = 1 };
        return new AlertDispatcher([ResilientSink.Create(sink, resilience, TimeProvider.System, NullLogger.Instance)], NullLogger<AlertDispatcher>.Instance);
    }

    private async Task<(string TopicArn, string QueueUrl)> TopicWithQueueAsync(bool rawDelivery)
    {
        var topicArn = await emulator.CreateTopicAsync(AwsEmulatorFixture.UniqueName("alerts-topic"));
        var queueUrl = await emulator.CreateQueueAsync(AwsEmulatorFixture.UniqueName("alerts-sns"));
        await emulator.SubscribeQueueAsync(topicArn, await emulator.GetQueueArnAsync(queueUrl), rawDelivery);
        return (topicArn, queueUrl);
    }

    private async Task<List<string>> ReceiveAllAsync(string queueUrl, int expected)
    {
        var bodies = new List<string>();
        for (var round = 0; round < 20 && bodies.Count < expected; round++)
        {
            var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, MaxNumberOfMessages = 10, WaitTimeSeconds = 2 });
            foreach (var message in response.Messages ?? [])
            {
                bodies.Add(message.Body);
                await _sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
            }
        }

        return bodies;
    }
}
