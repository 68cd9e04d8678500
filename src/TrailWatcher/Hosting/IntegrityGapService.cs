using Microsoft.Extensions.Hosting;
using TrailWatcher.Integrity;
using TrailWatcher.Pipeline;

namespace TrailWatcher.Hosting;

/// <summary>Runs the delivery gap checks beside the SQS source; the loop is <see cref="DeliveryGapTracker.RunAsync"/>.</summary>
internal sealed class IntegrityGapService(DeliveryGapTracker tracker, DetectionPipeline pipeline) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await tracker.RunAsync(pipeline.RaiseAsync, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Stopping: the next replica or start checks again.
        }
    }
}
