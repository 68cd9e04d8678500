using System.Net;
using System.Text;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Cli;

public sealed class RunOperationsTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-ops-").FullName;
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(10) };

    public void Dispose()
    {
        _http.Dispose();
        Directory.Delete(_dir, recursive: true);
    }

    [Fact]
    public async Task Metrics_DuringARun_CountWhatWasProcessed()
    {
        var inbox = Path.Combine(_dir, "inbox");
        var trail = Path.Combine(inbox, "AWSLogs", "111111111111", "CloudTrail", "us-west-2", "2024", "01", "15");
        var first = TrailFiles.Document([SeedEvents.LoggingDisabled("hit-1"), SeedEvents.Background("bg-1")]);
        var second = TrailFiles.Document([SeedEvents.LoggingDisabled("hit-2"), SeedEvents.Background("bg-2"), SeedEvents.Background("bg-3")]);
        var files = new[] { TrailFiles.WriteGzip(Path.Combine(trail, "a.json.gz"), first), TrailFiles.WriteGzip(Path.Combine(trail, "b.json.gz"), second) };
        var corrupt = Path.Combine(trail, "c.json.gz");
        await File.WriteAllBytesAsync(corrupt, [0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3, 0xde, 0xad, 0xbe, 0xef]);
        // Both hits are the same bucket: dedup off, so every match counts as an alert here.
        await using var service = TrailWatcherProcess.Start(_dir, new Dictionary<string, string>
        {
            ["TrailWatcher__Directory__PollIntervalSeconds"] = "0.2",
            ["TrailWatcher__Dedup__Enabled"] = "false",
        }, "run");
        var endpoint = await service.EndpointAsync(Timeout);
        Assert.True(await service.WaitForOutputAsync(o => o.Contains("hit-1", StringComparison.Ordinal) && o.Contains("hit-2", StringComparison.Ordinal), Timeout), service.StandardError);

        var metrics = await ScrapeUntilAsync(endpoint, m => m.Value("trailwatcher_objects_processed_total", "outcome=\"failed\"") == 1);

        Assert.Equal(5, metrics.Value("trailwatcher_records_read_total"));
        Assert.Equal(2, metrics.Value("trailwatcher_objects_processed_total", "outcome=\"succeeded\""));
        Assert.Equal(2, metrics.Value("trailwatcher_alerts_total", "rule_id=\"AWS.S3.DisableBucketLogging\"", "severity=\"medium\"", "kind=\"alert\""));
        Assert.Equal(Encoding.UTF8.GetByteCount(first) + Encoding.UTF8.GetByteCount(second), metrics.Value("trailwatcher_read_uncompressed_bytes_total"));
        Assert.Equal(files.Sum(f => new FileInfo(f).Length) + new FileInfo(corrupt).Length, metrics.Value("trailwatcher_read_compressed_bytes_total"));
        Assert.Equal(2, metrics.Value("trailwatcher_event_lag_seconds_count"));
        Assert.Equal(3, metrics.Value("trailwatcher_object_duration_seconds_count"));
        // The newest eventTime of the seed events, 2024-01-15T10:45:23Z, for the account and region in the key.
        Assert.Equal(1705315523, metrics.Value("trailwatcher_newest_event_time_seconds", "account_id=\"111111111111\"", "region=\"us-west-2\""));
        Assert.Equal(0, metrics.Value("trailwatcher_objects_in_flight"));
        Assert.NotNull(metrics.Value("trailwatcher_channel_depth", "stage=\"records\""));
        Assert.NotNull(metrics.Value("dotnet_process_memory_working_set_bytes"));
        Assert.Contains("# TYPE trailwatcher_records_read_total counter", metrics.Text, StringComparison.Ordinal);
        Assert.Contains("# TYPE trailwatcher_event_lag_seconds histogram", metrics.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Health_ReadinessFollowsTheWatchedDirectoryAndLivenessStaysUp()
    {
        var inbox = Path.Combine(_dir, "watched");
        await using var service = TrailWatcherProcess.Start(_dir, new Dictionary<string, string>
        {
            ["TrailWatcher__Directory__Path"] = inbox,
            ["TrailWatcher__Directory__PollIntervalSeconds"] = "0.2",
        }, "run");
        var endpoint = await service.EndpointAsync(Timeout);

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(endpoint, "readyz"));
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(endpoint, "healthz"));

        Directory.Delete(inbox, recursive: true);
        using (var notReady = await _http.GetAsync(new Uri(endpoint, "readyz")))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
            Assert.Contains($"directory {inbox} does not exist", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(HttpStatusCode.OK, await StatusAsync(endpoint, "healthz"));

        Directory.CreateDirectory(inbox);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(endpoint, "readyz"));
    }

    [Fact]
    public async Task Health_ReadinessFailsWhileTheSharedDedupStoreIsUnreachable()
    {
        await using var service = TrailWatcherProcess.Start(_dir, new Dictionary<string, string>
        {
            ["TrailWatcher__Directory__PollIntervalSeconds"] = "0.2",
            ["TrailWatcher__Dedup__Redis"] = "127.0.0.1:1,connectTimeout=200",
        }, "run");
        var endpoint = await service.EndpointAsync(Timeout);

        using var notReady = await _http.GetAsync(new Uri(endpoint, "readyz"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, notReady.StatusCode);
        Assert.Contains("dedup store", await notReady.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.OK, await StatusAsync(endpoint, "healthz"));
    }

    [Fact]
    public async Task HealthVerb_AgainstARunningService_ExitsZeroAndOneWhenNothingAnswers()
    {
        await using var service = TrailWatcherProcess.Start(_dir, new Dictionary<string, string> { ["TrailWatcher__Directory__PollIntervalSeconds"] = "0.2" }, "run");
        var endpoint = await service.EndpointAsync(Timeout);

        var healthy = await TrailWatcherProcess.RunAsync(Timeout, "health", "--url", new Uri(endpoint, "healthz").ToString());
        var nobody = await TrailWatcherProcess.RunAsync(Timeout, "health", "--url", "http://127.0.0.1:1/healthz");

        Assert.Equal(0, healthy.ExitCode);
        Assert.Contains("Healthy", healthy.StandardOutput, StringComparison.Ordinal);
        Assert.Equal(1, nobody.ExitCode);
    }

    private async Task<HttpStatusCode> StatusAsync(Uri endpoint, string path)
    {
        using var response = await _http.GetAsync(new Uri(endpoint, path));
        return response.StatusCode;
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
