using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrailWatcher.Sources;
using TrailWatcher.Tests.Support;

namespace TrailWatcher.Tests.Sources;

/// <summary>A directory poller over a real directory, feeding a pipeline the test starts when it likes, on a watched fake clock.</summary>
/// <remarks>
/// Until <see cref="StartPipeline"/> nothing is read: what the poller took shows as objects in flight
/// (the <c>trailwatcher.objects.in_flight</c> gauge), so a test sees exactly which listing took a file.
/// </remarks>
internal sealed class DirectorySourceHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _stopPolling = new();
    private readonly CancellationTokenSource _stopPipeline = new();
    private readonly ILoggerFactory _loggers;
    private Task _polling = Task.CompletedTask;
    private Task _running = Task.CompletedTask;

    public DirectorySourceHarness(string directory)
    {
        Settings = new DirectorySourceOptions { Path = directory, PollIntervalSeconds = 2 };
        Detection = new PipelineHarness(metrics: Probe.Metrics);
        _loggers = Logs.CreateFactory();
        Poller = new DirectoryPoller(Detection.Pipeline, Options.Create(Settings), new Heartbeat(Clock), Clock, _loggers.CreateLogger<DirectoryPoller>());
    }

    public WatchedClock Clock { get; } = new();

    public MetricsProbe Probe { get; } = new();

    public CapturingLoggerProvider Logs { get; } = new();

    public PipelineHarness Detection { get; }

    public DirectorySourceOptions Settings { get; }

    public DirectoryPoller Poller { get; }

    public TimeSpan Interval => TimeSpan.FromSeconds(Settings.PollIntervalSeconds);

    /// <summary>Files the state file records as finished, relative to the directory.</summary>
    public IReadOnlyList<string> Recorded
    {
        get
        {
            var path = Path.Combine(Settings.Path, Settings.StateFile);
            if (!File.Exists(path))
            {
                return [];
            }

            // Only whole lines: the poller may be appending one right now.
            var lines = File.ReadAllText(path).Split('\n')[..^1];
            return [.. lines.Where(l => l.Length > 0).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("path").GetString()!)];
        }
    }

    /// <summary>Starts polling; returns once the first listing is done.</summary>
    public async Task StartAsync()
    {
        var listed = Clock.NextWaitAsync(Interval);
        _polling = Poller.RunAsync(_stopPolling.Token);
        await listed;
    }

    /// <summary>Lets one poll interval pass; returns once the next listing is done.</summary>
    public async Task NextListingAsync()
    {
        var listed = Clock.NextWaitAsync(Interval);
        Clock.Advance(Interval);
        await listed;
    }

    public void StartPipeline() => _running = Detection.Pipeline.RunAsync(_stopPipeline.Token);

    public async ValueTask DisposeAsync()
    {
        await _stopPolling.CancelAsync();
        await _polling.WaitAsync(TimeSpan.FromSeconds(10));
        Detection.Pipeline.CompleteAdding();
        await _stopPipeline.CancelAsync();
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        Poller.Dispose();
        Probe.Dispose();
        _loggers.Dispose();
        _stopPolling.Dispose();
        _stopPipeline.Dispose();
    }
}
