using TrailWatcher.Detection.Evaluation;

namespace TrailWatcher.Pipeline;

/// <summary>Matches raised outside the reading stage (integrity findings, delivery gaps), delivered by the same stage as every alert.</summary>
internal sealed partial class DetectionPipeline
{
    /// <summary>Routes <paramref name="matches"/> through dedup to the sinks; true once every sink accepted them, false when delivery failed.</summary>
    /// <param name="source">What raised them (a digest's s3:// location, a trail), for logs.</param>
    /// <param name="matches">The matches, alerts built.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="PipelineClosedException">The pipeline is stopping.</exception>
    public async Task<bool> RaiseAsync(string source, IReadOnlyList<RuleMatch> matches, CancellationToken cancellationToken)
    {
        if (matches.Count == 0)
        {
            return true;
        }

        // The work's own first reference is the batch's: the delivery stage releases it once the sinks took the alerts.
        var work = new ObjectWork(new LogObject(source, _ => throw new InvalidOperationException($"{source} raises alerts; it is not read")));
        _unfinished.TryAdd(work, 0);
        _ = work.Completion.ContinueWith(_ => _unfinished.TryRemove(work, out var _), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        try
        {
            await _alerts.Writer.WriteAsync(new AlertBatch(work, matches), cancellationToken).ConfigureAwait(false);
        }
        catch (System.Threading.Channels.ChannelClosedException ex)
        {
            work.Cancel();
            throw new PipelineClosedException(ex);
        }
        catch
        {
            work.Cancel();
            throw;
        }

        return (await work.Completion.ConfigureAwait(false)).Succeeded;
    }
}
