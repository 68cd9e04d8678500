using System.Globalization;

namespace TrailWatcher.Benchmarks.Latency;

/// <summary>The worker's running totals the benchmark reads from its Prometheus /metrics page.</summary>
internal sealed record WorkerCounters(double Objects, double Records, double ObjectSecondsSum, double ObjectSecondsCount)
{
    // Prometheus names: dots become underscores, counters end in _total, the histogram in seconds has _sum and _count.
    private const string ObjectsMetric = "trailwatcher_objects_processed_total";
    private const string RecordsMetric = "trailwatcher_records_read_total";
    private const string DurationSumMetric = "trailwatcher_object_duration_seconds_sum";
    private const string DurationCountMetric = "trailwatcher_object_duration_seconds_count";

    public static async Task<WorkerCounters> ReadAsync(HttpClient http, Uri endpoint, CancellationToken cancellationToken)
    {
        var text = await http.GetStringAsync(new Uri(endpoint, "/metrics"), cancellationToken).ConfigureAwait(false);
        return Parse(text);
    }

    /// <summary>Sums every series of each metric (all label sets, e.g. both outcomes of objects processed).</summary>
    public static WorkerCounters Parse(string page)
    {
        double objects = 0, records = 0, sum = 0, count = 0;
        foreach (var line in page.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            var value = Value(line);
            if (Is(line, ObjectsMetric))
            {
                objects += value;
            }
            else if (Is(line, RecordsMetric))
            {
                records += value;
            }
            else if (Is(line, DurationSumMetric))
            {
                sum += value;
            }
            else if (Is(line, DurationCountMetric))
            {
                count += value;
            }
        }

        return new WorkerCounters(objects, records, sum, count);
    }

    /// <summary>Mean time the worker spent on one object between two readings: read, evaluated and delivered.</summary>
    public double MeanObjectSecondsSince(WorkerCounters earlier) =>
        ObjectSecondsCount > earlier.ObjectSecondsCount
            ? (ObjectSecondsSum - earlier.ObjectSecondsSum) / (ObjectSecondsCount - earlier.ObjectSecondsCount)
            : double.NaN;

    private static bool Is(string line, string name) =>
        line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{';

    private static double Value(string line)
    {
        // "name{labels} value" or "name{labels} value timestamp": the value is the first number after the labels.
        var afterLabels = line.LastIndexOf('}') is var brace and >= 0 ? brace + 1 : line.IndexOf(' ', StringComparison.Ordinal);
        var parts = line[afterLabels..].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return parts.Length > 0 && double.TryParse(parts[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : 0;
    }
}
