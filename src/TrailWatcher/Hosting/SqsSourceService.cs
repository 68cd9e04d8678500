using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrailWatcher.Pipeline;
using TrailWatcher.Sources.Sqs;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Hosting;

/// <summary>Runs the pipeline fed by SQS notifications; on shutdown stops receiving, lets in-flight work finish within the grace period, then releases the rest.</summary>
internal sealed partial class SqsSourceService(
    DetectionPipeline pipeline,
    SqsPoller poller,
    QueueMonitor monitor,
    IOptions<SqsSourceOptions> options,
    IHostApplicationLifetime lifetime,
    ILogger<SqsSourceService> logger,
    RunningTotals totals) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var hardStop = new CancellationTokenSource();
        var running = pipeline.RunAsync(hardStop.Token);
        var polling = poller.RunAsync(stoppingToken, hardStop.Token);
        var monitoring = monitor.RunAsync(stoppingToken);
        if (await Task.WhenAny(running, polling).ConfigureAwait(false) == running)
        {
            LogPipelineEnded(logger, running.Exception?.GetBaseException());
            lifetime.StopApplication();
        }

        await polling.ConfigureAwait(false);
        var grace = TimeSpan.FromSeconds(options.Value.ShutdownGraceSeconds);
        try
        {
            await poller.WhenIdleAsync().WaitAsync(grace, CancellationToken.None).ConfigureAwait(false);
        }
        catch (TimeoutException)
        {
            LogGraceExpired(logger, grace.TotalSeconds);
        }

        // Whatever is still in flight is cancelled now; its messages are released (visibility 0) for another worker.
        await hardStop.CancelAsync().ConfigureAwait(false);
        await poller.WhenIdleAsync().ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        pipeline.CompleteAdding();
        await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await monitoring.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        LogStopped(logger, totals.Records, totals.Alerts);
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The detection pipeline stopped unexpectedly; shutting down")]
    private static partial void LogPipelineEnded(ILogger logger, Exception? exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown grace period of {Seconds} s ran out; releasing unfinished messages to other workers")]
    private static partial void LogGraceExpired(ILogger logger, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped after {Records} records, {Alerts} alerts")]
    private static partial void LogStopped(ILogger logger, long records, long alerts);
}
