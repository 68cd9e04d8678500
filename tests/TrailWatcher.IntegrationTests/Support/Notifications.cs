using System.Text.Json.Nodes;

namespace TrailWatcher.IntegrationTests.Support;

/// <summary>Message bodies as S3, EventBridge, CloudTrail and SNS put them on a queue (fauxqs has no bucket notifications).</summary>
internal static class Notifications
{
    /// <summary>The text CloudTrail publishes when it checks that it can deliver to a topic.</summary>
    public const string CloudTrailValidation = "CloudTrail validation message.";

    /// <summary>An S3 event notification for one created object; the key is URL-encoded here, as S3 does.</summary>
    public static string S3ObjectCreated(string bucket, string key, long size) => new JsonObject
    {
        ["Records"] = new JsonArray(new JsonObject
        {
            ["eventVersion"] = "2.1",
            ["eventSource"] = "aws:s3",
            ["awsRegion"] = "us-east-1",
            ["eventTime"] = "2024-01-15T10:50:00.000Z",
            ["eventName"] = "ObjectCreated:Put",
            ["s3"] = new JsonObject
            {
                ["s3SchemaVersion"] = "1.0",
                ["bucket"] = new JsonObject { ["name"] = bucket, ["arn"] = $"arn:aws:s3:::{bucket}" },
                ["object"] = new JsonObject { ["key"] = CloudTrailKeys.S3UrlEncode(key), ["size"] = size },
            },
        }),
    }.ToJsonString();

    /// <summary>The message S3 sends when a notification configuration is saved.</summary>
    public static string S3TestEvent(string bucket) => new JsonObject
    {
        ["Service"] = "Amazon S3",
        ["Event"] = "s3:TestEvent",
        ["Time"] = "2024-01-15T10:00:00.000Z",
        ["Bucket"] = bucket,
        ["RequestId"] = "5582815E1AEA5ADF",
        ["HostId"] = "8cLeGAmw098X5cv4Zkwcmo8vvZa3eH3eKxsPzbB9wrR+YstdA6Knx4Ip8EXAMPLE",
    }.ToJsonString();

    /// <summary>An EventBridge "Object Created" event (callers use keys without characters that need encoding).</summary>
    public static string EventBridgeObjectCreated(string bucket, string key, long size) => new JsonObject
    {
        ["version"] = "0",
        ["id"] = Guid.NewGuid().ToString(),
        ["detail-type"] = "Object Created",
        ["source"] = "aws.s3",
        ["account"] = "111111111111",
        ["time"] = "2024-01-15T10:50:00Z",
        ["region"] = "us-east-1",
        ["resources"] = new JsonArray($"arn:aws:s3:::{bucket}"),
        ["detail"] = new JsonObject
        {
            ["version"] = "0",
            ["bucket"] = new JsonObject { ["name"] = bucket },
            ["object"] = new JsonObject { ["key"] = key, ["size"] = size, ["etag"] = "d41d8cd98f00b204e9800998ecf8427e" },
            ["reason"] = "PutObject",
        },
    }.ToJsonString();

    /// <summary>CloudTrail's own delivery notification: the bucket and every key delivered (keys are not encoded).</summary>
    public static string CloudTrailDelivery(string bucket, params string[] keys) => new JsonObject
    {
        ["s3Bucket"] = bucket,
        ["s3ObjectKey"] = new JsonArray([.. keys.Select(k => (JsonNode)k)]),
    }.ToJsonString();

    /// <summary>The SNS envelope a queue receives when a subscription must be confirmed (cross-account subscriptions).</summary>
    public static string SnsSubscriptionConfirmation(string topicArn) => new JsonObject
    {
        ["Type"] = "SubscriptionConfirmation",
        ["MessageId"] = Guid.NewGuid().ToString(),
        ["Token"] = "2336412f37fb687f5d51e6e241d09c805a5a57b30d712f794cc5f6a988666d92768dd60a747ba6f3beb71854e285d6ad02428b09ceece29417f1f02d609c582afbacc99c583a916b9981dd2728f4ae6fdb82efd087cc3b7849e05798d2d2785c03b0879594eeac82c01f235d0e717736",
        ["TopicArn"] = topicArn,
        ["Message"] = $"You have chosen to subscribe to the topic {topicArn}.\nTo confirm the subscription, visit the SubscribeURL included in this message.",
        ["SubscribeURL"] = "https://example.invalid/?Action=ConfirmSubscription",
        ["Timestamp"] = "2024-01-15T10:00:00.000Z",
        ["SignatureVersion"] = "1",
        ["Signature"] = "EXAMPLE",
        ["SigningCertURL"] = "https://example.invalid/SimpleNotificationService.pem",
    }.ToJsonString();
}
