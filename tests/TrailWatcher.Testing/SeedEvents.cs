using System.Text.Json.Nodes;

namespace TrailWatcher.Testing;

/// <summary>CloudTrail records around the first detection (S3 bucket logging disabled), each with an eventID a test picks.</summary>
public static class SeedEvents
{
    /// <summary>The rule that <see cref="LoggingDisabled"/> triggers, and no other record here does.</summary>
    public const string RuleId = "AWS.S3.DisableBucketLogging";

    /// <summary>A successful PutBucketLogging whose BucketLoggingStatus has no LoggingEnabled: logging switched off.</summary>
    public static JsonObject LoggingDisabled(string eventId) => Parse("""
        {"eventVersion":"1.11","userIdentity":{"type":"AssumedRole","principalId":"AAAAAAAAAAAAAAAAAAAAA:user_name","arn":"arn:aws:sts::111111111111:assumed-role/AdminRole/user_name","accountId":"111111111111","accessKeyId":"ASIA-MOCKACCESSKEYID-1","sessionContext":{"sessionIssuer":{"type":"Role","principalId":"AAAAAAAAAAAAAAAAAAAAA","arn":"arn:aws:iam::111111111111:role/AdminRole","accountId":"111111111111","userName":"AdminRole"},"attributes":{"creationDate":"2024-01-15T10:30:00Z","mfaAuthenticated":"false"}}},
         "eventTime":"2024-01-15T10:45:23Z","eventSource":"s3.amazonaws.com","eventName":"PutBucketLogging","awsRegion":"us-west-2","sourceIPAddress":"1.2.3.4","userAgent":"aws-cli/2.13.0 Python/3.11.4",
         "requestParameters":{"logging":"","bucketName":"critical-data-bucket","BucketLoggingStatus":{"xmlns":"http://s3.amazonaws.com/doc/2006-03-01/"},"Host":"critical-data-bucket.s3.us-west-2.amazonaws.com"},
         "responseElements":null,"requestID":"ABC123DEF456","eventID":"EVENT_ID","readOnly":false,"resources":[{"accountId":"111111111111","type":"AWS::S3::Bucket","ARN":"arn:aws:s3:::critical-data-bucket"}],"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111111111111","eventCategory":"Management"}
        """.Replace("EVENT_ID", eventId, StringComparison.Ordinal));

    /// <summary>The same call that failed: AccessDenied.</summary>
    public static JsonObject LoggingDisableDenied(string eventId)
    {
        var record = LoggingDisabled(eventId);
        record["errorCode"] = "AccessDenied";
        record["errorMessage"] = "Access Denied";
        return record;
    }

    /// <summary>Logging switched on (or retargeted): BucketLoggingStatus carries LoggingEnabled.</summary>
    public static JsonObject LoggingEnabled(string eventId)
    {
        var record = LoggingDisabled(eventId);
        record["requestParameters"]!["BucketLoggingStatus"]!["LoggingEnabled"] = new JsonObject { ["TargetBucket"] = "logging-bucket", ["TargetPrefix"] = "logs/" };
        return record;
    }

    public static JsonObject WithRequestParameters(string eventId, JsonNode? requestParameters)
    {
        var record = LoggingDisabled(eventId);
        if (requestParameters is null)
        {
            record["requestParameters"] = null;
        }
        else
        {
            record["requestParameters"] = requestParameters;
        }

        return record;
    }

    public static JsonObject WithoutRequestParameters(string eventId)
    {
        var record = LoggingDisabled(eventId);
        record.Remove("requestParameters");
        return record;
    }

    /// <summary>Versioning suspended on a bucket by the same principal: another protection of the bucket removed, as the S3 correlation counts.</summary>
    public static JsonObject VersioningSuspended(string eventId, string bucket = "critical-data-bucket")
    {
        var record = LoggingDisabled(eventId);
        record["eventName"] = "PutBucketVersioning";
        record["requestParameters"] = new JsonObject
        {
            ["bucketName"] = bucket,
            ["Host"] = bucket + ".s3.us-west-2.amazonaws.com",
            ["versioning"] = "",
            ["VersioningConfiguration"] = new JsonObject { ["Status"] = "Suspended", ["xmlns"] = "http://s3.amazonaws.com/doc/2006-03-01/" },
        };
        record["resources"]![0]!["ARN"] = "arn:aws:s3:::" + bucket;
        return record;
    }

    /// <summary>The record with its eventTime set.</summary>
    public static JsonObject At(JsonObject record, string eventTime)
    {
        ArgumentNullException.ThrowIfNull(record);
        record["eventTime"] = eventTime;
        return record;
    }

    /// <summary>An unrelated read-only call, the bulk of any real trail.</summary>
    public static JsonObject Background(string eventId, string eventSource = "ec2.amazonaws.com", string eventName = "DescribeInstances") => Parse("""
        {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111111111111:user/alice","accountId":"111111111111","accessKeyId":"AKIAEXAMPLE","userName":"alice"},
         "eventTime":"2024-01-15T10:40:00Z","eventSource":"EVENT_SOURCE","eventName":"EVENT_NAME","awsRegion":"us-west-2","sourceIPAddress":"10.0.0.1","userAgent":"console.amazonaws.com",
         "requestParameters":{"instancesSet":{"items":[{"instanceId":"i-0123456789"}]},"filterSet":{},"note":"braces } and [ brackets ] and \"quotes\" in a string"},
         "responseElements":null,"requestID":"R1","eventID":"EVENT_ID","readOnly":true,"eventType":"AwsApiCall","managementEvent":true,"recipientAccountId":"111111111111","eventCategory":"Management"}
        """.Replace("EVENT_ID", eventId, StringComparison.Ordinal).Replace("EVENT_SOURCE", eventSource, StringComparison.Ordinal).Replace("EVENT_NAME", eventName, StringComparison.Ordinal));

    private static JsonObject Parse(string json) => JsonNode.Parse(json)!.AsObject();
}
