using System.Globalization;

namespace TrailWatcher.IntegrationTests.Support;

/// <summary>Reads a running worker's Prometheus /metrics page.</summary>
internal static class MetricsPage
{
    /// <summary>The sum of every series of <paramref name="name"/> (all label sets); 0 when the metric was never recorded.</summary>
    public static async Task<double> SumAsync(Uri endpoint, string name)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var text = await client.GetStringAsync(new Uri(endpoint, "/metrics"));
        return text.Split('\n')
            .Where(line => line.StartsWith(name, StringComparison.Ordinal) && line.Length > name.Length && line[name.Length] is ' ' or '{')
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
