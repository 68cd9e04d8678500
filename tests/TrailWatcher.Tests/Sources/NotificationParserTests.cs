using System.Text.Json;
using TrailWatcher.Sources.S3;
using TrailWatcher.Sources.Sqs;
using Xunit;

namespace TrailWatcher.Tests.Sources;

public sealed class NotificationParserTests
{
    private const string S3Event = """
        {"Records":[{"eventVersion":"2.1","eventSource":"aws:s3","awsRegion":"us-east-1","eventName":"ObjectCreated:Put",
          "s3":{"bucket":{"name":"trail-bucket"},"object":{"key":"AWSLogs/111111111111/CloudTrail/us-east-1/2024/01/15/my+log%2B1%3D.json.gz","size":10}}}]}
        """;

    [Fact]
    public void Parse_S3EventNotification_DecodesTheUrlEncodedKey()
    {
        var notification = NotificationParser.Parse(S3Event);

        Assert.Equal(NotificationKind.Objects, notification.Kind);
        Assert.Equal("s3", notification.Format);
        Assert.Equal(new S3ObjectReference("trail-bucket", "AWSLogs/111111111111/CloudTrail/us-east-1/2024/01/15/my log+1=.json.gz"), Assert.Single(notification.Objects));
    }

    [Fact]
    public void Parse_S3EventInsideAnSnsEnvelope_IsUnwrapped()
    {
        var envelope = JsonSerializer.Serialize(new Dictionary<string, string>
        {
            ["Type"] = "Notification",
            ["MessageId"] = "m-1",
            ["TopicArn"] = "arn:aws:sns:us-east-1:111111111111:trail",
            ["Message"] = S3Event,
        });

        var notification = NotificationParser.Parse(envelope);

        Assert.Equal(NotificationKind.Objects, notification.Kind);
        Assert.Equal("sns/s3", notification.Format);
        Assert.Equal("trail-bucket", Assert.Single(notification.Objects).Bucket);
    }

    [Fact]
    public void Parse_EventBridgeObjectCreated_TakesBucketAndKeyFromDetail()
    {
        var notification = NotificationParser.Parse("""
            {"version":"0","id":"e","detail-type":"Object Created","source":"aws.s3","account":"111111111111","region":"us-east-1",
             "detail":{"version":"0","bucket":{"name":"trail-bucket"},"object":{"key":"AWSLogs/x.json.gz","size":5},"reason":"PutObject"}}
            """);

        Assert.Equal(NotificationKind.Objects, notification.Kind);
        Assert.Equal("eventbridge", notification.Format);
        Assert.Equal(new S3ObjectReference("trail-bucket", "AWSLogs/x.json.gz"), Assert.Single(notification.Objects));
    }

    [Fact]
    public void Parse_CloudTrailSnsNotification_ListsEveryKeyAsWritten()
    {
        var inner = """{"s3Bucket":"trail-bucket","s3ObjectKey":["AWSLogs/a.json.gz","AWSLogs/b+c.json.gz"]}""";
        var envelope = JsonSerializer.Serialize(new Dictionary<string, string> { ["Type"] = "Notification", ["Message"] = inner });

        var direct = NotificationParser.Parse(inner);
        var viaSns = NotificationParser.Parse(envelope);

        Assert.Equal("cloudtrail-sns", direct.Format);
        Assert.Equal("sns/cloudtrail-sns", viaSns.Format);
        Assert.Equal(["AWSLogs/a.json.gz", "AWSLogs/b+c.json.gz"], direct.Objects.Select(o => o.Key));
        Assert.Equal(direct.Objects, viaSns.Objects);
    }

    [Theory]
    [InlineData("""{"Service":"Amazon S3","Event":"s3:TestEvent","Time":"2024-01-15T10:00:00.000Z","Bucket":"trail-bucket"}""", "s3-test-event")]
    [InlineData("CloudTrail validation message.", "cloudtrail-validation")]
    [InlineData("""{"Type":"Notification","Message":"CloudTrail validation message."}""", "sns/cloudtrail-validation")]
    [InlineData("""{"Type":"SubscriptionConfirmation","TopicArn":"arn:aws:sns:us-east-1:1:t","SubscribeURL":"https://example.invalid/confirm","Token":"t"}""", "sns-subscriptionconfirmation")]
    public void Parse_ControlMessages_AreRecognisedForDeletion(string body, string format)
    {
        var notification = NotificationParser.Parse(body);

        Assert.Equal(NotificationKind.Control, notification.Kind);
        Assert.Equal(format, notification.Format);
        Assert.Empty(notification.Objects);
    }

    [Fact]
    public void Parse_S3ObjectRemoved_IsIgnoredNotUnknown()
    {
        var notification = NotificationParser.Parse(S3Event.Replace("ObjectCreated:Put", "ObjectRemoved:Delete", StringComparison.Ordinal));

        Assert.Equal(NotificationKind.Ignored, notification.Kind);
    }

    [Theory]
    [InlineData("hello")]
    [InlineData("")]
    [InlineData("[1,2]")]
    [InlineData("""{"foo":"bar"}""")]
    [InlineData("""{"Records":[{"eventName":"PutBucketLogging","eventSource":"s3.amazonaws.com"}]}""")]
    [InlineData("""{"Records":[]}""")]
    [InlineData("""{"Type":"Notification","Message":"not json"}""")]
    [InlineData("""{"Type":"Notification"}""")]
    [InlineData("""{"s3Bucket":"b","s3ObjectKey":[]}""")]
    [InlineData("""{"source":"aws.s3","detail-type":"Object Created","detail":{}}""")]
    public void Parse_AnythingElse_IsUnknownAndSaysWhy(string body)
    {
        var notification = NotificationParser.Parse(body);

        Assert.Equal(NotificationKind.Unknown, notification.Kind);
        Assert.False(string.IsNullOrEmpty(notification.Detail));
    }

    [Theory]
    [InlineData("""{"s3Bucket":"b","s3ObjectKey":["\ud800"]}""")]
    [InlineData("""{"Type":"\udc00"}""")]
    [InlineData("""{"Type":"Notification","Message":"{\"s3Bucket\":\"b\",\"s3ObjectKey\":[\"\\ud83d\"]}"}""")]
    public void Parse_EscapedLoneSurrogate_IsUnknownNotAnException(string body)
    {
        // Found while fuzzing: the digest and reader targets failed on strings escaping a lone surrogate, and the same
        // escape given to the sqs target threw InvalidOperationException out of JsonElement.GetString, so the handler
        // failed on the message instead of logging it as unknown.
        var notification = NotificationParser.Parse(body);

        Assert.Equal(NotificationKind.Unknown, notification.Kind);
        Assert.StartsWith("a name or string is not valid text", notification.Detail, StringComparison.Ordinal);
    }
}
