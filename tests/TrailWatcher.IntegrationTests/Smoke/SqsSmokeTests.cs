using System.Diagnostics;
using Amazon.SQS;
using Amazon.SQS.Model;
using Xunit;

namespace TrailWatcher.IntegrationTests.Smoke;

/// <summary>Proves the SQS semantics the worker depends on: delete, visibility, redrive, long polling, attributes.</summary>
[Collection(AwsEmulatorCollection.Name)]
public sealed class SqsSmokeTests(AwsEmulatorFixture emulator) : IDisposable
{
    private readonly AmazonSQSClient _sqs = emulator.CreateSqsClient();

    [Fact]
    public void CreateQueue_Always_GivesLoopbackUrl()
    {
        var url = emulator.ToLoopbackQueueUrl("http://sqs.us-east-1.localhost:4566/000000000000/q1");

        Assert.Equal($"{emulator.ServiceUrl}/000000000000/q1", url);
        Assert.StartsWith("http://127.0.0.1:", emulator.ServiceUrl, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SendReceiveDelete_MessageWithAttribute_RoundTripsAndIsGoneAfterDelete()
    {
        var queueUrl = await emulator.CreateQueueAsync(AwsEmulatorFixture.UniqueName("smoke-sqs"));
        Assert.StartsWith(emulator.ServiceUrl + "/", queueUrl, StringComparison.Ordinal);

        await _sqs.SendMessageAsync(new SendMessageRequest
        {
            QueueUrl = queueUrl,
            MessageBody = "hello",
            MessageAttributes = new() { ["origin"] = new MessageAttributeValue { DataType = "String", StringValue = "smoke" } },
        });
        var message = await ReceiveOneAsync(queueUrl, visibilityTimeout: 30);

        Assert.Equal("hello", message.Body);
        Assert.Equal("smoke", message.MessageAttributes?["origin"].StringValue);

        await _sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);
        Assert.Empty(await ReceiveAsync(queueUrl, waitSeconds: 1, visibilityTimeout: 30));
    }

    [Fact]
    public async Task ChangeMessageVisibility_ToZero_MakesMessageVisibleAgain()
    {
        var queueUrl = await emulator.CreateQueueAsync(AwsEmulatorFixture.UniqueName("smoke-sqs"));
        await _sqs.SendMessageAsync(queueUrl, "again");

        var first = await ReceiveOneAsync(queueUrl, visibilityTimeout: 60);
        Assert.Empty(await ReceiveAsync(queueUrl, waitSeconds: 0, visibilityTimeout: 60));
        await _sqs.ChangeMessageVisibilityAsync(queueUrl, first.ReceiptHandle, 0);
        var second = await ReceiveOneAsync(queueUrl, visibilityTimeout: 60);

        Assert.Equal(first.MessageId, second.MessageId);
        Assert.Equal("2", second.Attributes?["ApproximateReceiveCount"]);
    }

    [Fact]
    public async Task ChangeMessageVisibility_AfterDelete_FailsAsNotInFlight()
    {
        var queueUrl = await emulator.CreateQueueAsync(AwsEmulatorFixture.UniqueName("smoke-sqs"));
        await _sqs.SendMessageAsync(queueUrl, "done");
        var message = await ReceiveOneAsync(queueUrl, visibilityTimeout: 60);
        await _sqs.DeleteMessageAsync(queueUrl, message.ReceiptHandle);

        // The worker's visibility extender races the acknowledger; this is the error it must tolerate.
        // Catch it by type: ErrorCode reads "AWS.SimpleQueueService.MessageNotInflight" (query-compatible code).
        await Assert.ThrowsAsync<MessageNotInflightException>(
            () => _sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, 120));
    }

    [Fact]
    public async Task RedrivePolicy_MessageReceivedMaxReceiveCountTimes_MovesToDeadLetterQueue()
    {
        var dlqUrl = await emulator.CreateQueueAsync(AwsEmulatorFixture.UniqueName("smoke-dlq"));
        var dlqArn = await emulator.GetQueueArnAsync(dlqUrl);
        var queueUrl = await emulator.CreateQueueAsync(
            AwsEmulatorFixture.UniqueName("smoke-sqs"),
            new Dictionary<string, string>
            {
                ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{dlqArn}}","maxReceiveCount":"2"}""",
            });
        await _sqs.SendMessageAsync(queueUrl, "poison");

        for (var receive = 1; receive <= 2; receive++)
        {
            var message = await ReceiveOneAsync(queueUrl, visibilityTimeout: 60);
            await _sqs.ChangeMessageVisibilityAsync(queueUrl, message.ReceiptHandle, 0);
        }

        // As on AWS, the move happens on the receive that would exceed maxReceiveCount.
        Assert.Empty(await ReceiveAsync(queueUrl, waitSeconds: 1, visibilityTimeout: 60));
        var deadLettered = await ReceiveOneAsync(dlqUrl, visibilityTimeout: 60);
        Assert.Equal("poison", deadLettered.Body);
    }

    [Fact]
    public async Task ReceiveMessage_LongPollOnEmptyQueue_WaitsThenReturnsMessageSentMeanwhile()
    {
        var queueUrl = await emulator.CreateQueueAsync(AwsEmulatorFixture.UniqueName("smoke-sqs"));

        var emptyWait = Stopwatch.StartNew();
        Assert.Empty(await ReceiveAsync(queueUrl, waitSeconds: 2, visibilityTimeout: 30));
        Assert.InRange(emptyWait.Elapsed, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(10));

        var stopwatch = Stopwatch.StartNew();
        var pending = ReceiveAsync(queueUrl, waitSeconds: 10, visibilityTimeout: 30);
        await Task.Delay(500);
        await _sqs.SendMessageAsync(queueUrl, "late");
        var received = Assert.Single(await pending);

        Assert.Equal("late", received.Body);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"long poll returned after {stopwatch.Elapsed}");
    }

    public void Dispose() => _sqs.Dispose();

    private async Task<Message> ReceiveOneAsync(string queueUrl, int visibilityTimeout)
    {
        var messages = await ReceiveAsync(queueUrl, waitSeconds: 2, visibilityTimeout);
        return Assert.Single(messages);
    }

    private async Task<List<Message>> ReceiveAsync(string queueUrl, int waitSeconds, int visibilityTimeout)
    {
        var response = await _sqs.ReceiveMessageAsync(new ReceiveMessageRequest
        {
            QueueUrl = queueUrl,
            MaxNumberOfMessages = 10,
            WaitTimeSeconds = waitSeconds,
            VisibilityTimeout = visibilityTimeout,
            MessageAttributeNames = ["All"],
            MessageSystemAttributeNames = ["All"],
        });

        // SDK v4 leaves collections null when the answer has none.
        return response.Messages ?? [];
    }
}
