using TrailWatcher.Detection.Correlation.Loading;
using System.Text;
using System.Text.Json;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Files;

namespace TrailWatcher.Tests.Support;

/// <summary>Real alerts: the built-in S3 logging rule applied to <see cref="SeedEvents.LoggingDisabled"/>.</summary>
internal static class SeedAlerts
{
    public const string RuleId = "AWS.S3.DisableBucketLogging";

    private static readonly Lazy<Rule> LoggingRule = new(() =>
        RulePackLoader.LoadDirectories([Path.Combine(AppContext.BaseDirectory, "rules")], [], RuleTests.Load).Rules.Rules.Single(r => r.Id == RuleId));

    public static Alert LoggingDisabled(string eventId)
    {
        var json = SeedEvents.LoggingDisabled(eventId).ToJsonString();
        using var document = JsonDocument.Parse(json);
        return AlertFactory.Create(LoggingRule.Value, document.RootElement, Encoding.UTF8.GetBytes(json), "s3://trail/seed.json.gz", new DateTimeOffset(2024, 1, 15, 10, 50, 0, TimeSpan.Zero));
    }

    public static IReadOnlyList<Alert> Many(int count, string prefix = "e") => [.. Enumerable.Range(0, count).Select(i => LoggingDisabled($"{prefix}{i}"))];
}
