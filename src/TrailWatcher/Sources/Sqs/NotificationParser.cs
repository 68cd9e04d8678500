using System.Net;
using System.Text.Json;
using TrailWatcher.Sources.S3;

namespace TrailWatcher.Sources.Sqs;

/// <summary>Recognises every notification a trail bucket can send, from the message body alone.</summary>
/// <remarks>
/// Formats: an S3 event notification; the same inside an SNS envelope (raw delivery off); an EventBridge
/// "Object Created" event; CloudTrail's own SNS delivery notification; and the control messages each of these
/// channels sends when it is set up.
/// </remarks>
internal static class NotificationParser
{
    private const string CloudTrailValidation = "CloudTrail validation message.";

    public static Notification Parse(string body)
    {
        if (body.Trim() == CloudTrailValidation)
        {
            return new Notification(NotificationKind.Control, "cloudtrail-validation", []);
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(body);
        }
        catch (JsonException ex)
        {
            return Notification.Unknown($"not JSON ({ex.Message})");
        }

        using (document)
        {
            try
            {
                return document.RootElement.ValueKind == JsonValueKind.Object
                    ? ParseObject(document.RootElement, nested: false)
                    : Notification.Unknown($"JSON {document.RootElement.ValueKind}, not an object");
            }
            catch (InvalidOperationException ex)
            {
                // JsonDocument checks structure, not what an escape decodes to: a property name or string escaping a
                // lone surrogate (\ud800) fails only when read, and makes the whole message unreadable.
                return Notification.Unknown($"a name or string is not valid text ({ex.Message})");
            }
        }
    }

    private static Notification ParseObject(JsonElement root, bool nested)
    {
        if (!nested && Text(root, "Type") is { } snsType)
        {
            return ParseSnsEnvelope(root, snsType);
        }

        if (root.TryGetProperty("Records", out var records) && records.ValueKind == JsonValueKind.Array)
        {
            return ParseS3Event(records);
        }

        if (Text(root, "Event") == "s3:TestEvent")
        {
            return new Notification(NotificationKind.Control, "s3-test-event", []);
        }

        if (Text(root, "source") == "aws.s3" && Text(root, "detail-type") is { } detailType)
        {
            return ParseEventBridge(root, detailType);
        }

        if (Text(root, "s3Bucket") is { } bucket && root.TryGetProperty("s3ObjectKey", out var keys) && keys.ValueKind == JsonValueKind.Array)
        {
            // CloudTrail's delivery notification carries plain keys, not URL-encoded ones.
            var objects = keys.EnumerateArray().Where(k => k.ValueKind == JsonValueKind.String && k.GetString() is { Length: > 0 })
                .Select(k => new S3ObjectReference(bucket, k.GetString()!)).ToList();
            return objects.Count > 0
                ? new Notification(NotificationKind.Objects, "cloudtrail-sns", objects)
                : Notification.Unknown("CloudTrail notification without object keys");
        }

        return Notification.Unknown("no known notification format");
    }

    private static Notification ParseSnsEnvelope(JsonElement root, string type)
    {
        switch (type)
        {
            case "SubscriptionConfirmation" or "UnsubscribeConfirmation":
                // Confirming would let whoever can publish to the queue subscribe it to any topic: log, never follow the URL.
                return new Notification(NotificationKind.Control, "sns-" + type.ToLowerInvariant(), [], Text(root, "TopicArn"));
            case "Notification":
                var message = Text(root, "Message");
                if (message is null)
                {
                    return Notification.Unknown("SNS notification without a Message");
                }

                if (message.Trim() == CloudTrailValidation)
                {
                    return new Notification(NotificationKind.Control, "sns/cloudtrail-validation", []);
                }

                try
                {
                    using var inner = JsonDocument.Parse(message);
                    var parsed = inner.RootElement.ValueKind == JsonValueKind.Object
                        ? ParseObject(inner.RootElement, nested: true)
                        : Notification.Unknown("SNS Message is not a JSON object");
                    return parsed with { Format = "sns/" + parsed.Format };
                }
                catch (JsonException ex)
                {
                    return Notification.Unknown($"SNS Message is not JSON ({ex.Message})");
                }

            default:
                return Notification.Unknown($"SNS message of type '{type}'");
        }
    }

    private static Notification ParseS3Event(JsonElement records)
    {
        var objects = new List<S3ObjectReference>();
        var other = 0;
        foreach (var record in records.EnumerateArray())
        {
            if (record.ValueKind != JsonValueKind.Object
                || !record.TryGetProperty("s3", out var s3) || s3.ValueKind != JsonValueKind.Object
                || Nested(s3, "bucket", "name") is not { } bucket
                || Nested(s3, "object", "key") is not { } key)
            {
                return Notification.Unknown("Records without s3.bucket.name / s3.object.key (not an S3 event notification)");
            }

            if (Text(record, "eventName") is { } eventName && !eventName.StartsWith("ObjectCreated:", StringComparison.Ordinal))
            {
                other++;
                continue;
            }

            // S3 event keys are URL-encoded with '+' for a space.
            objects.Add(new S3ObjectReference(bucket, WebUtility.UrlDecode(key)));
        }

        if (objects.Count > 0)
        {
            return new Notification(NotificationKind.Objects, "s3", objects);
        }

        return other > 0 ? new Notification(NotificationKind.Ignored, "s3", [], "no ObjectCreated record") : Notification.Unknown("S3 event with no records");
    }

    private static Notification ParseEventBridge(JsonElement root, string detailType)
    {
        if (!root.TryGetProperty("detail", out var detail) || detail.ValueKind != JsonValueKind.Object
            || Nested(detail, "bucket", "name") is not { } bucket
            || Nested(detail, "object", "key") is not { } key)
        {
            return Notification.Unknown("EventBridge S3 event without detail.bucket.name / detail.object.key");
        }

        return detailType == "Object Created"
            ? new Notification(NotificationKind.Objects, "eventbridge", [new S3ObjectReference(bucket, key)])
            : new Notification(NotificationKind.Ignored, "eventbridge", [], detailType);
    }

    private static string? Nested(JsonElement parent, string name, string child) =>
        parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? Text(value, child) : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

}
