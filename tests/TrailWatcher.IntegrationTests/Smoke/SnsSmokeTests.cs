using System.Text.Json;
using Amazon.SQS;
using Amazon.SQS.Model;
using Xunit;

namespace TrailWatcher.IntegrationTests.Smoke;

/// <summary>Proves SNS → SQS fan-out produces what real SNS delivers, wrapped and raw.</summary>
[Collection(AwsEmulatorCollection.Name)]
public sealed class SnsSmokeTests(AwsEmulatorFixture emulator) : IDisposable
{
    private const string S3Event = """{"Records":[{"eventSource":"aws:s3","s3":{"bucket":{"name":"b"},"object":{"key":"a+b%2Bc.json.gz"}}}]}""";

    private readonly AmazonSQSClient _sqs = emulator.CreateSqsClient();

    [Fact]
    public async Task Publish_ToQueueSubscription_DeliversSnsEnvelopeWithMessageAsString()
    {
        var (topicArn, queueUrl) = await TopicWithQueueAsync(rawDelivery: false);

        var messageId = await emulator.PublishToSnsAsync(topicArn, S3Event, subject: "Amazon S3 Notification", new Dictionary<string, string> { ["kind"] = "s3" });

        var body = await ReceiveBodyAsync(queueUrl);
        using var envelope = JsonDocument.Parse(body);
        var root = envelope.RootElement;
        Assert.Equal("Notification", root.GetProperty("Type").GetString());
        Assert.Equal(messageId, root.GetProperty("MessageId").GetString());
        Assert.Equal(topicArn, root.GetProperty("TopicArn").GetString());
        Assert.Equal("Amazon S3 Notification", root.GetProperty("Subject").GetString());
        Assert.Equal(JsonValueKind.String, root.GetProperty("Message").ValueKind);
        Assert.Equal(S3Event, root.GetProperty("Message").GetString());
        Assert.Equal("s3", root.GetProperty("MessageAttributes").GetProperty("kind").GetProperty("Value").GetString());
    }

    [Fact]
    public async Task Publish_ToRawDeliverySubscription_DeliversMessageUnwrapped()
    {
        var (topicArn, queueUrl) = await TopicWithQueueAsync(rawDelivery: true);

        await emulator.PublishToSnsAsync(topicArn, S3Event);

        Assert.Equal(S3Event, await ReceiveBodyAsync(queueUrl));
    }

    public void Dispose() => _sqs.Dispose();

    private async Task<(string TopicArn, string QueueUrl)> TopicWithQueueAsync(bool rawDelivery)
    {
        var topicArn = await emulator.CreateTopicAsync(AwsEmulatorFixture.UniqueName("smoke-topic"));
        var queueUrl = await emulator.CreateQueueAsync(AwsEmulatorFixture.UniqueName("smoke-sns"));
        await emulator.SubscribeQueueAsync(topicArn, await emulator.GetQueueArnAsync(queueUrl), rawDelivery);
        return (topicArn, queueUrl);
    }

    private async Task<string> ReceiveBodyAsync(string queueUrl)
    {
        var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest { QueueUrl = queueUrl, WaitTimeSeconds = 5 });
        return Assert.Single(response.Messages ?? []).Body;
    }
}
