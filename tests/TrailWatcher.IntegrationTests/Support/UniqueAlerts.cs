using TrailWatcher.Detection.Alerts;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.IntegrationTests.Support;

/// <summary>Alerts whose ids no earlier run used, so a queue or topic the emulator kept cannot answer with an old one.</summary>
internal static class UniqueAlerts
{
    /// <summary><paramref name="count"/> high-severity alerts with event ids <c>PREFIX-0</c>, <c>PREFIX-1</c>, …</summary>
    public static List<Alert> Many(int count, string prefix) => [.. Enumerable.Range(0, count).Select(i => new Alert
    {
        Id = AlertId.For("rule.test", $"{prefix}-{i}-{Guid.NewGuid():N}"),
        RuleId = "rule.test",
        Title = "Test alert",
        Severity = Severity.High,
        EventId = $"{prefix}-{i}",
        Source = "s3://trail/x.json.gz",
        DetectedAt = DateTimeOffset.UnixEpoch,
    })];
}
