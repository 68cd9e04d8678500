using System.Text.Json;
using TrailWatcher.Detection.Rules.Conditions;
using TrailWatcher.Detection.Rules.Loading.Eql;

namespace TrailWatcher.Detection.Tests.Rules.Eql;

/// <summary>A stand-in for the ECS view (a few names mapped by hand; any other dotted name read as a raw path) and a record to query.</summary>
internal static class EqlTestSupport
{
    public const string Record = """
        {
          "eventVersion": "1.08",
          "eventSource": "s3.amazonaws.com",
          "eventName": "PutBucketLogging",
          "eventCategory": "Management",
          "eventType": "AwsApiCall",
          "sourceIPAddress": "192.168.152.12",
          "userIdentity": { "type": "IAMUser", "userName": "Alice", "accountId": "111122223333" },
          "recipientAccountId": "111122223333",
          "requestParameters": { "bucketName": "Critical-Data", "BucketLoggingStatus": { "LoggingEnabled": { "TargetBucket": "logs" } } },
          "count": 4,
          "ratio": 2.5,
          "countText": "10",
          "flag": true,
          "nothing": null,
          "tags": ["alpha", "Beta"],
          "numbers": [1, 20],
          "empty": [],
          "path": "C:\\Windows\\System32\\cmd.exe",
          "weird-name": "dash",
          "my`field": "tick",
          "multi": "line\nbreak"
        }
        """;

    /// <summary>ECS's event.dataset: always aws.cloudtrail here.</summary>
    public static readonly DerivedField Dataset = new("event.dataset", _ => [DerivedField.TextValue("aws.cloudtrail")]);

    /// <summary>ECS's event.outcome: failure when the record has an errorCode.</summary>
    public static readonly DerivedField Outcome = new(
        "event.outcome",
        record => [DerivedField.TextValue(record.Root.TryGetProperty("errorCode", out _) ? "failure" : "success")]);

    /// <summary>aws.cloudtrail.request_parameters: the raw JSON text of requestParameters.</summary>
    public static readonly DerivedField RequestParameters = new(
        "aws.cloudtrail.request_parameters",
        record => record.Root.TryGetProperty("requestParameters", out var value) ? [DerivedField.TextValue(value.GetRawText())] : []);

    public static FieldReader? Resolve(string name) => name switch
    {
        "event.action" => FieldPath.Parse("eventName"),
        "event.provider" => FieldPath.Parse("eventSource"),
        "event.category" => FieldPath.Parse("eventCategory"),
        "event.type" => FieldPath.Parse("eventType"),
        "event.dataset" => Dataset,
        "event.outcome" => Outcome,
        "aws.cloudtrail.request_parameters" => RequestParameters,
        _ when name.StartsWith("unknown", StringComparison.Ordinal) => null,
        _ => FieldPath.TryParse(name, out var path, out _) ? path : null,
    };

    public static Condition Compile(string query, string? categoryField = null) => EqlQuery.Compile(query, Resolve, categoryField);

    /// <summary>Whether <c>any where <paramref name="condition"/></c> matches the record.</summary>
    public static bool Where(string condition, string record = Record) => Matches("any where " + condition, record);

    public static bool Matches(string query, string record = Record, string? categoryField = null)
    {
        using var document = JsonDocument.Parse(record);
        return Compile(query, categoryField).Matches(new EventRecord(document.RootElement));
    }

    public static EqlParseException Error(string query) => Assert.Throws<EqlParseException>(() => Compile(query));
}
