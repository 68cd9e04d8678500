using System.Text.RegularExpressions;
using Xunit;
using static TrailWatcher.Tests.Deploy.DeployFiles;

namespace TrailWatcher.Tests.Deploy;

public sealed class PrometheusRulesTests
{
    private static List<Dictionary<object, object?>> Rules()
    {
        var file = Assert.Single(YamlDocuments(DeployPath("prometheus", "trailwatcher-alerts.yaml")));
        var groups = Seq(file, "groups");
        Assert.NotEmpty(groups);
        Assert.All(groups, g => Assert.False(string.IsNullOrWhiteSpace(Str(g, "name")), "a group has no name"));
        return [.. groups.SelectMany(g => Seq(g, "rules")).Cast<Dictionary<object, object?>>()];
    }

    [Theory]
    [InlineData("TrailWatcherEventLagHigh", "trailwatcher_event_lag_seconds_bucket")]
    [InlineData("TrailWatcherNoLogsFromAccountRegion", "trailwatcher_newest_event_time_seconds")]
    [InlineData("TrailWatcherObjectFailures", "trailwatcher_objects_processed_total")]
    [InlineData("TrailWatcherDeadLetterQueueNotEmpty", "trailwatcher_queue_messages")]
    [InlineData("TrailWatcherSinkCircuitOpen", "trailwatcher_sink_circuit_open")]
    [InlineData("TrailWatcherDown", "up")]
    public void Rules_Alert_ExistsOnItsMetric(string alert, string metric)
    {
        var rule = Assert.Single(Rules(), r => Str(r, "alert") == alert);
        Assert.Contains(metric, MetricNames.InExpression(Str(rule, "expr") ?? ""));
    }

    [Fact]
    public void Rules_EveryAlert_HasSeverityAnnotationsAndARunbookSection()
    {
        var readme = Text(DeployPath("prometheus", "README.md"));
        var anchors = Regex.Matches(readme, "^#+ +(.+)$", RegexOptions.Multiline)
            .Select(m => Regex.Replace(m.Groups[1].Value.Trim().ToLowerInvariant(), "[^a-z0-9 -]", "").Replace(' ', '-'))
            .ToHashSet(StringComparer.Ordinal);
        var alerts = Rules().Where(r => At(r, "alert") is not null).ToList();
        Assert.NotEmpty(alerts);
        foreach (var rule in alerts)
        {
            var name = Str(rule, "alert");
            Assert.False(string.IsNullOrWhiteSpace(Str(rule, "expr")), $"{name}: expr");
            Assert.Contains(Str(rule, "labels.severity"), (string?[])["info", "warning", "critical"]);
            Assert.False(string.IsNullOrWhiteSpace(Str(rule, "annotations.summary")), $"{name}: summary");
            Assert.False(string.IsNullOrWhiteSpace(Str(rule, "annotations.description")), $"{name}: description");
            var runbook = Str(rule, "annotations.runbook_url") ?? "";
            Assert.Contains("deploy/prometheus/README.md#", runbook, StringComparison.Ordinal);
            Assert.Contains(runbook[(runbook.IndexOf('#', StringComparison.Ordinal) + 1)..], anchors);
            if (At(rule, "for") is string duration)
            {
                Assert.Matches("^[0-9]+[smhd]$", duration);
            }
        }
    }

    [Fact]
    public void Rules_Expressions_UseOnlyContractMetrics()
    {
        var unknown = Rules().Select(r => Str(r, "expr") ?? "")
            .SelectMany(e => MetricNames.InExpression(e).Where(m => !MetricNames.IsKnown(m)).Select(m => $"{m} in {e.Trim()}"))
            .ToList();
        Assert.True(unknown.Count == 0, "unknown metrics:" + Environment.NewLine + string.Join(Environment.NewLine, unknown));
    }

    [Fact]
    public void MetricNames_InExpression_FindsSelectorsNotLabelsOrFunctions()
    {
        var names = MetricNames.InExpression("histogram_quantile(0.95, sum by (le) (rate(trailwatcher_event_lag_seconds_bucket{job=~\"a.*\"}[5m]))) > 900 or up == 0");
        Assert.Equal(["trailwatcher_event_lag_seconds_bucket", "up"], names);
        Assert.False(MetricNames.IsKnown("trailwatcher_record_read_total"));
    }
}
