using System.Text.Json;

namespace TrailWatcher.Testing;

/// <summary>Exit code and captured output of a finished TrailWatcher process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Every stdout line parsed as an alert.</summary>
    public IReadOnlyList<JsonElement> Alerts => [.. StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];

    /// <summary>The event ids the seed rule alerted on, sorted: the events these tests plant; other built-in rules may fire on them too.</summary>
    public IReadOnlyList<string> AlertedEventIds => [.. SeedAlerts.Select(a => a.GetProperty("event_id").GetString()!).Order(StringComparer.Ordinal)];

    /// <summary>The alerts of the seed rule (<c>AWS.S3.DisableBucketLogging</c>).</summary>
    public IReadOnlyList<JsonElement> SeedAlerts => [.. Alerts.Where(a => a.GetProperty("rule_id").GetString() == "AWS.S3.DisableBucketLogging")];
}
