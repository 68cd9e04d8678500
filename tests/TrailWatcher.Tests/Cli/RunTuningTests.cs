using System.Text.Json;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Cli;

/// <summary>The service with a tuning file from its settings: silenced matches are scraped from <c>/metrics</c>.</summary>
public sealed class RunTuningTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-run-tuning-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Metrics_MatchesSilencedByATuningException_AreCountedPerRuleAndException()
    {
        var tuning = TuningFiles.QuietEventIds(Path.Combine(_dir, "tuning"));
        var trail = Path.Combine(_dir, "inbox", "AWSLogs", "111111111111", "CloudTrail", "us-west-2", "2024", "01", "15");
        TrailFiles.WriteGzip(Path.Combine(trail, "a.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("quiet-1"), SeedEvents.LoggingDisabled("hit-1"), SeedEvents.LoggingDisabled("quiet-2")]));
        await using var service = TrailWatcherProcess.Start(_dir, new Dictionary<string, string>
        {
            ["TrailWatcher__Directory__PollIntervalSeconds"] = "0.2",
            ["TrailWatcher__Dedup__Enabled"] = "false",
            ["TrailWatcher__Rules__Tuning__0"] = tuning,
        }, "run");
        var endpoint = await service.EndpointAsync(Timeout);
        Assert.True(await service.WaitForOutputAsync(o => o.Contains("hit-1", StringComparison.Ordinal), Timeout), service.StandardError);

        var metrics = await ScrapeUntilAsync(endpoint, m => m.Value("trailwatcher_objects_processed_total", "outcome=\"succeeded\"") == 1);

        Assert.Equal(2, metrics.Value("trailwatcher_exception_suppressed_total", $"rule_id=\"{SeedEvents.RuleId}\"", $"exception=\"{TuningFiles.QuietEvents}\""));
        Assert.Contains("# TYPE trailwatcher_exception_suppressed_total counter", metrics.Text, StringComparison.Ordinal);
        var seedAlerts = service.StandardOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement)
            .Where(a => a.GetProperty("rule_id").GetString() == SeedEvents.RuleId)
            .Select(a => a.GetProperty("event_id").GetString());
        Assert.Equal(["hit-1"], seedAlerts);
    }

    private async Task<PrometheusText> ScrapeUntilAsync(Uri endpoint, Func<PrometheusText, bool> condition)
    {
        var deadline = DateTime.UtcNow + Timeout;
        PrometheusText metrics;
        do
        {
            metrics = new PrometheusText(await _http.GetStringAsync(new Uri(endpoint, "metrics")));
            if (condition(metrics))
            {
                return metrics;
            }

            await Task.Delay(200);
        }
        while (DateTime.UtcNow < deadline);

        return metrics;
    }
}
