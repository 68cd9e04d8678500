using System.Text.RegularExpressions;

namespace TrailWatcher.Tests.Deploy;

/// <summary>The service's Prometheus metrics contract, and the metric names a PromQL expression uses.</summary>
internal static partial class MetricNames
{
    public static readonly IReadOnlySet<string> Counters = new HashSet<string>(StringComparer.Ordinal)
    {
        "trailwatcher_records_read_total",
        "trailwatcher_records_parsed_total",
        "trailwatcher_objects_processed_total",
        "trailwatcher_read_compressed_bytes_total",
        "trailwatcher_read_uncompressed_bytes_total",
        "trailwatcher_alerts_total",
        "trailwatcher_notifications_total",
        "trailwatcher_s3_retries_total",
        "trailwatcher_sink_deliveries_total",
        "trailwatcher_rule_evaluation_errors_total",
        "trailwatcher_exception_suppressed_total",
        "trailwatcher_correlation_events_total",
    };

    public static readonly IReadOnlySet<string> Histograms = new HashSet<string>(StringComparer.Ordinal)
    {
        "trailwatcher_event_lag_seconds",
        "trailwatcher_notification_latency_seconds",
        "trailwatcher_object_duration_seconds",
    };

    public static readonly IReadOnlySet<string> Gauges = new HashSet<string>(StringComparer.Ordinal)
    {
        "trailwatcher_channel_depth",
        "trailwatcher_objects_in_flight",
        "trailwatcher_newest_event_time_seconds",
        "trailwatcher_sink_circuit_open",
        "trailwatcher_queue_messages",
    };

    private static readonly HashSet<string> Keywords = new(StringComparer.Ordinal)
    {
        "by", "without", "on", "ignoring", "group_left", "group_right", "and", "or", "unless", "bool", "offset", "inf", "nan",
    };

    /// <summary>The metric a series name belongs to: itself, or a histogram's for its _bucket/_sum/_count series.</summary>
    public static bool IsKnown(string series)
    {
        if (series == "up" || Counters.Contains(series) || Gauges.Contains(series))
        {
            return true;
        }

        foreach (var suffix in (string[])["_bucket", "_sum", "_count"])
        {
            if (series.EndsWith(suffix, StringComparison.Ordinal) && Histograms.Contains(series[..^suffix.Length]))
            {
                return true;
            }
        }

        // Standard runtime and process metrics (the .NET System.Runtime meter, process collectors).
        return !series.StartsWith("trailwatcher_", StringComparison.Ordinal)
            && (series.StartsWith("dotnet_", StringComparison.Ordinal) || series.StartsWith("process_", StringComparison.Ordinal));
    }

    /// <summary>The metric names an expression selects: identifiers outside label matchers, ranges, strings and grouping clauses, that are not functions or keywords.</summary>
    public static IReadOnlyList<string> InExpression(string expr)
    {
        var text = StringLiteral().Replace(expr, " ");
        text = Braces().Replace(text, " ");
        text = Brackets().Replace(text, " ");
        text = Grouping().Replace(text, " ");
        text = Variable().Replace(text, " ");
        return [.. Identifier().Matches(text)
            .Where(m => !m.Groups["call"].Success && !Keywords.Contains(m.Groups["name"].Value.ToLowerInvariant()))
            .Select(m => m.Groups["name"].Value)
            .Distinct(StringComparer.Ordinal)];
    }

    [GeneratedRegex("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"\{[^{}]*\}")]
    private static partial Regex Braces();

    [GeneratedRegex(@"\[[^\[\]]*\]")]
    private static partial Regex Brackets();

    [GeneratedRegex(@"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^()]*\)")]
    private static partial Regex Grouping();

    [GeneratedRegex(@"\$\{?\w+\}?")]
    private static partial Regex Variable();

    [GeneratedRegex(@"(?<![\w.:])(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(?<call>\s*\()?")]
    private static partial Regex Identifier();
}
