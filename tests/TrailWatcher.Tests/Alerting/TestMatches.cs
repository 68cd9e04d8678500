using System.Text;
using System.Text.Json;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;
using Xunit;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Rules.Files;

namespace TrailWatcher.Tests.Alerting;

/// <summary>Rules loaded from YAML written on the fly, and matches of them built as the pipeline builds them.</summary>
internal static class TestMatches
{
    public static readonly DateTimeOffset Start = new(2024, 1, 15, 11, 0, 0, TimeSpan.Zero);

    /// <summary>A rule on PutBucketLogging grouped by account and bucket for <paramref name="period"/>.</summary>
    public static Rule Rule(string id = "Test.Dedup", string? period = "1h", int threshold = 1, bool signal = false)
    {
        var yaml = new StringBuilder($"""
            id: {id}
            title: Test rule {id}
            description: For dedup tests.
            severity: high
            signal: {(signal ? "true" : "false")}
            threshold: {threshold}
            condition:
              field: eventName
              equals: PutBucketLogging

            """);
        if (period is not null)
        {
            yaml.Append($$"""
                dedup:
                  key: "{recipientAccountId}:{requestParameters.bucketName}"
                  period: {{period}}

                """);
        }

        var file = Path.Combine(Directory.CreateTempSubdirectory("tw-rule-").FullName, "rule.yml");
        File.WriteAllText(file, yaml.ToString());
        try
        {
            return Assert.Single(RuleLoader.LoadFile(file).Rules);
        }
        finally
        {
            Directory.Delete(Path.GetDirectoryName(file)!, recursive: true);
        }
    }

    /// <summary>A match of <paramref name="rule"/> on a record with this eventID, bucket and eventTime.</summary>
    public static RuleMatch Match(Rule rule, string eventId, string bucket = "bucket-a", string eventTime = "2024-01-15T10:45:23Z")
    {
        var json = $$"""
            {"eventID":"{{eventId}}","eventTime":"{{eventTime}}","eventSource":"s3.amazonaws.com","eventName":"PutBucketLogging",
             "recipientAccountId":"111111111111","awsRegion":"us-west-2","requestParameters":{"bucketName":"{{bucket}}"} }
            """;
        var bytes = Encoding.UTF8.GetBytes(json);
        using var document = JsonDocument.Parse(bytes);
        var alert = AlertFactory.Create(rule, document.RootElement, bytes, "test.json", Start);
        return new RuleMatch(rule, alert, rule.DedupKey(document.RootElement));
    }

    public static IReadOnlyList<Alert> Of(AlertKind kind, IEnumerable<Alert> alerts) => [.. alerts.Where(a => a.Kind == kind)];
}
