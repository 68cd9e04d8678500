using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TrailWatcher.Pipeline;
using TrailWatcher.Sources;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Hosting;

/// <summary>Runs the pipeline fed by the directory source for the life of the host, and drains it on shutdown.</summary>
internal sealed partial class DirectorySourceService(
    DetectionPipeline pipeline,
    DirectoryPoller poller,
    IHostApplicationLifetime lifetime,
    ILogger<DirectorySourceService> logger,
    RunningTotals totals) : BackgroundService
{
    // Cancelled when the host's shutdown timeout runs out: until then, files already started are finished.
    private readonly CancellationTokenSource _shutdownDeadline = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var hardStop = CancellationTokenSource.CreateLinkedTokenSource(_shutdownDeadline.Token);
        var running = pipeline.RunAsync(hardStop.Token);
        var polling = poller.RunAsync(stoppingToken);
        if (await Task.WhenAny(running, polling).ConfigureAwait(false) == running)
        {
            // The pipeline ended on its own: nothing more can be processed, so the service must not look alive.
            LogPipelineEnded(logger, running.Exception?.GetBaseException());
            lifetime.StopApplication();
        }

        await polling.ConfigureAwait(false);
        pipeline.CompleteAdding();
        await running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_shutdownDeadline.IsCancellationRequested)
        {
            LogDrainTimedOut(logger);
        }

        LogStopped(logger, totals.Objects, totals.Records, totals.Alerts);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        await using (cancellationToken.Register(_shutdownDeadline.Cancel).ConfigureAwait(false))
        {
            await base.StopAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    public override void Dispose()
    {
        _shutdownDeadline.Dispose();
        base.Dispose();
    }

    [LoggerMessage(Level = LogLevel.Critical, Message = "The detection pipeline stopped unexpectedly; shutting down")]
    private static partial void LogPipelineEnded(ILogger logger, Exception? exception);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Shutdown timeout reached before the pipeline drained; unfinished files will be read again next run")]
    private static partial void LogDrainTimedOut(ILogger logger);

    [LoggerMessage(Level = LogLevel.Information, Message = "Stopped after {Objects} files, {Records} records, {Alerts} alerts")]
    private static partial void LogStopped(ILogger logger, long objects, long records, long alerts);
}
