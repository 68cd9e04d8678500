using System.Text.Json;

namespace TrailWatcher.Testing;

/// <summary>Exit code and captured output of a finished TrailWatcher process.</summary>
public sealed record ProcessResult(int ExitCode, string StandardOutput, string StandardError)
{
    /// <summary>Every stdout line parsed as an alert.</summary>
    public IReadOnlyList<JsonElement> Alerts => [.. StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement)];

    public IReadOnlyList<string> AlertedEventIds => [.. Alerts.Select(a => a.GetProperty("event_id").GetString()!).Order(StringComparer.Ordinal)];
}
