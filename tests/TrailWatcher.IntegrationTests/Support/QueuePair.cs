namespace TrailWatcher.IntegrationTests.Support;

/// <summary>A work queue and the dead-letter queue its redrive policy moves poison messages to.</summary>
internal sealed record QueuePair(string QueueUrl, string DeadLetterQueueUrl)
{
    /// <summary>Creates both queues; a message received more than <paramref name="maxReceiveCount"/> times moves to the DLQ on its next receive.</summary>
    public static async Task<QueuePair> CreateAsync(AwsEmulatorFixture emulator, string prefix, int maxReceiveCount)
    {
        var deadLetterUrl = await emulator.CreateQueueAsync(AwsEmulatorFixture.UniqueName(prefix + "-dlq"));
        var deadLetterArn = await emulator.GetQueueArnAsync(deadLetterUrl);
        var queueUrl = await emulator.CreateQueueAsync(
            AwsEmulatorFixture.UniqueName(prefix),
            new Dictionary<string, string>
            {
                ["RedrivePolicy"] = $$"""{"deadLetterTargetArn":"{{deadLetterArn}}","maxReceiveCount":"{{maxReceiveCount}}"}""",
            });
        return new QueuePair(queueUrl, deadLetterUrl);
    }
}
