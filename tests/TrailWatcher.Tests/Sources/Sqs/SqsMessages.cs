using System.Text.Json.Nodes;
using Amazon.SQS.Model;

namespace TrailWatcher.Tests.Sources.Sqs;

/// <summary>Messages as a trail bucket's notifications put them on the queue, and keys as CloudTrail writes them.</summary>
internal static class SqsMessages
{
    public const string Bucket = "trail-bucket";

    public const string S3TestEvent = """{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2024-01-15T10:00:00.000Z","Bucket":"trail-bucket"}""";

    public const string CloudTrailValidation = "CloudTrail validation message.";

    public const string SnsSubscriptionConfirmation = """{"Type":"SubscriptionConfirmation","TopicArn":"arn:aws:sns:us-east-1:111111111111:trail","SubscribeURL":"https://sns.us-east-1.amazonaws.com/?Action=ConfirmSubscription"}""";

    public const string ObjectRemoved = """{"Records":[{"eventName":"ObjectRemoved:Delete","s3":{"bucket":{"name":"trail-bucket"},"object":{"key":"AWSLogs/x.json.gz"}}}]}""";

    public static string LogKey(string name) => $"AWSLogs/111111111111/CloudTrail/us-east-1/2024/01/15/111111111111_CloudTrail_us-east-1_20240115T1045Z_{name}.json.gz";

    public static string DigestKey(string name) =>
        $"AWSLogs/111111111111/CloudTrail-Digest/us-east-1/2024/01/15/111111111111_CloudTrail-Digest_us-east-1_{name}_us-east-1_20240115T104500Z.json.gz";

    /// <summary>An S3 event notification announcing the objects at <paramref name="keys"/>.</summary>
    public static Message ObjectsCreated(string id, params string[] keys) => WithBody(id, new JsonObject
    {
        ["Records"] = new JsonArray([.. keys.Select(key => new JsonObject
        {
            ["eventSource"] = "aws:s3",
            ["eventName"] = "ObjectCreated:Put",
            ["s3"] = new JsonObject
            {
                ["bucket"] = new JsonObject { ["name"] = Bucket },
                ["object"] = new JsonObject { ["key"] = key },
            },
        })]),
    }.ToJsonString());

    public static Message WithBody(string id, string body) => new() { MessageId = id, ReceiptHandle = Receipt(id), Body = body };

    public static string Receipt(string id) => "receipt-" + id;
}
