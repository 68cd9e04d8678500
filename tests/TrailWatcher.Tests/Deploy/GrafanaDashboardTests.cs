using System.Text.Json;
using Xunit;
using static TrailWatcher.Tests.Deploy.DeployFiles;

namespace TrailWatcher.Tests.Deploy;

public sealed class GrafanaDashboardTests
{
    private static JsonDocument Dashboard() => JsonDocument.Parse(Text(DeployPath("grafana", "trailwatcher-dashboard.json")));

    [Fact]
    public void Dashboard_Panels_HaveQueriesOnThePrometheusInput()
    {
        using var dashboard = Dashboard();
        var root = dashboard.RootElement;
        Assert.True(root.GetProperty("schemaVersion").GetInt32() >= 36);
        Assert.Contains(root.GetProperty("__inputs").EnumerateArray(), i => i.GetProperty("name").GetString() == "DS_PROMETHEUS");

        var panels = Panels(root).Where(p => p.GetProperty("type").GetString() != "row").ToList();
        Assert.True(panels.Count >= 10, $"only {panels.Count} panels");
        Assert.Equal(Panels(root).Count(), Panels(root).Select(p => p.GetProperty("id").GetInt32()).Distinct().Count());
        foreach (var panel in panels)
        {
            var title = panel.GetProperty("title").GetString();
            Assert.Equal("${DS_PROMETHEUS}", panel.GetProperty("datasource").GetProperty("uid").GetString());
            var targets = panel.GetProperty("targets").EnumerateArray().ToList();
            Assert.True(targets.Count > 0, $"panel '{title}' has no query");
            Assert.All(targets, t => Assert.False(string.IsNullOrWhiteSpace(t.GetProperty("expr").GetString()), $"panel '{title}' has an empty query"));
        }
    }

    [Fact]
    public void Dashboard_Queries_UseOnlyContractMetrics()
    {
        using var dashboard = Dashboard();
        var expressions = Expressions(dashboard.RootElement).ToList();
        var unknown = expressions.SelectMany(e => MetricNames.InExpression(e).Where(m => !MetricNames.IsKnown(m)).Select(m => $"{m} in {e}")).ToList();
        Assert.True(unknown.Count == 0, "unknown metrics:" + Environment.NewLine + string.Join(Environment.NewLine, unknown));
    }

    [Theory]
    [InlineData("trailwatcher_records_read_total")]
    [InlineData("trailwatcher_read_uncompressed_bytes_total")]
    [InlineData("trailwatcher_objects_processed_total")]
    [InlineData("trailwatcher_event_lag_seconds_bucket")]
    [InlineData("trailwatcher_notification_latency_seconds_bucket")]
    [InlineData("trailwatcher_alerts_total")]
    [InlineData("trailwatcher_rule_evaluation_errors_total")]
    [InlineData("trailwatcher_sink_deliveries_total")]
    [InlineData("trailwatcher_s3_retries_total")]
    [InlineData("trailwatcher_queue_messages")]
    [InlineData("trailwatcher_sink_circuit_open")]
    [InlineData("trailwatcher_newest_event_time_seconds")]
    [InlineData("trailwatcher_objects_in_flight")]
    [InlineData("trailwatcher_channel_depth")]
    public void Dashboard_Metric_IsShown(string metric)
    {
        using var dashboard = Dashboard();
        Assert.Contains(Expressions(dashboard.RootElement), e => MetricNames.InExpression(e).Contains(metric));
    }

    private static IEnumerable<JsonElement> Panels(JsonElement root)
    {
        foreach (var panel in root.GetProperty("panels").EnumerateArray())
        {
            yield return panel;
            if (panel.TryGetProperty("panels", out var nested))
            {
                foreach (var child in nested.EnumerateArray())
                {
                    yield return child;
                }
            }
        }
    }

    private static IEnumerable<string> Expressions(JsonElement root) =>
        Panels(root).Where(p => p.TryGetProperty("targets", out _))
            .SelectMany(p => p.GetProperty("targets").EnumerateArray())
            .Select(t => t.GetProperty("expr").GetString() ?? "");
}
