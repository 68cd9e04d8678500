using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrailWatcher.Pipeline;

namespace TrailWatcher.Sources;

/// <summary>Feeds the pipeline every log file under a directory, the ones already there and the ones that arrive later, once each.</summary>
/// <remarks>
/// Polling rather than FileSystemWatcher: watchers miss events on network and container filesystems, and a
/// listing every few seconds costs nothing next to reading the files. A file is taken only once its size and
/// write time held still between two listings, so a file still being copied in is not read half-written.
/// </remarks>
internal sealed partial class DirectoryPoller(
    DetectionPipeline pipeline,
    IOptions<DirectorySourceOptions> options,
    Heartbeat heartbeat,
    TimeProvider time,
    ILogger<DirectoryPoller> logger) : IDisposable
{
    private readonly Dictionary<string, FileSignature> _pending = new(StringComparer.Ordinal);
    // Written by the poll loop and by completion callbacks on pool threads.
    private readonly ConcurrentDictionary<string, byte> _taken = new(StringComparer.Ordinal);
    private readonly HashSet<string> _skipped = new(StringComparer.Ordinal);

    // Disposed with the service, not when polling ends: the pipeline drains after that and still records files.
    private ProcessedFileLog? _processed;

    public string Directory { get; } = System.IO.Path.GetFullPath(options.Value.Path);

    public void Dispose() => _processed?.Dispose();

    /// <summary>Lists and submits until cancelled, then waits for the objects it submitted.</summary>
    public async Task RunAsync(CancellationToken stoppingToken)
    {
        System.IO.Directory.CreateDirectory(Directory);
        LogWatching(logger, Directory);
        var processed = _processed = OpenProcessed();
        var interval = TimeSpan.FromSeconds(options.Value.PollIntervalSeconds);
        try
        {
            while (!stoppingToken.IsCancellationRequested)
            {
                heartbeat.Beat();
                await PollOnceAsync(processed, stoppingToken).ConfigureAwait(false);
                await Task.Delay(interval, time, stoppingToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task PollOnceAsync(ProcessedFileLog processed, CancellationToken cancellationToken)
    {
        foreach (var file in List())
        {
            if (_taken.ContainsKey(file.FullName) || _skipped.Contains(file.FullName) || file.FullName == processed.Path)
            {
                continue;
            }

            if (!ScanInputs.IsLogFile(file.FullName))
            {
                _skipped.Add(file.FullName);
                LogSkipped(logger, file.FullName);
                continue;
            }

            var signature = FileSignature.Of(file);
            var relative = System.IO.Path.GetRelativePath(Directory, file.FullName);
            if (processed.Contains(relative, signature))
            {
                // Finished by an earlier run of the service, and unchanged since.
                _taken.TryAdd(file.FullName, 0);
                continue;
            }

            if (!_pending.TryGetValue(file.FullName, out var seen) || seen != signature)
            {
                _pending[file.FullName] = signature;
                continue;
            }

            _pending.Remove(file.FullName);
            _taken.TryAdd(file.FullName, 0);
            var submit = pipeline.SubmitAsync(LogObject.ForFile(file.FullName), cancellationToken).AsTask();
            ObjectWork? work = null;
            while (work is null)
            {
                try
                {
                    work = await submit.WaitAsync(TimeSpan.FromSeconds(5), time, cancellationToken).ConfigureAwait(false);
                }
                catch (TimeoutException)
                {
                    // Waiting on a full pipeline is not being stuck: keep the heartbeat going.
                    heartbeat.Beat();
                }
            }

            // Reported when it finishes; the pipeline itself cancels whatever is unfinished when it stops.
            _ = ReportAsync(work, processed, relative, signature);
        }
    }

    private IEnumerable<FileInfo> List()
    {
        try
        {
            return new DirectoryInfo(Directory)
                .EnumerateFiles("*", new EnumerationOptions { RecurseSubdirectories = true, IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden })
                .OrderBy(f => f.FullName, StringComparer.Ordinal)
                .ToList();
        }
        catch (IOException ex)
        {
            LogListingFailed(logger, ex, Directory);
            return [];
        }
    }

    private ProcessedFileLog OpenProcessed()
    {
        var log = ProcessedFileLog.Open(Directory, options.Value.StateFile, logger);
        if (log.Count > 0)
        {
            LogResuming(logger, log.Count, log.Path!);
        }

        return log;
    }

    private async Task ReportAsync(ObjectWork work, ProcessedFileLog processed, string relative, FileSignature signature)
    {
        ObjectOutcome outcome;
        try
        {
            outcome = await work.Completion.ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Stopped before it finished: forget it so a later run (or poll) takes it again.
            _taken.TryRemove(work.Object.Name, out _);
            return;
        }

        if (outcome.Retryable)
        {
            // The file was fine; its alerts did not get out. Take it again on a later poll.
            _taken.TryRemove(work.Object.Name, out _);
            LogWillRetry(logger, work.Object.Name, outcome.Error!.Message);
        }
        else
        {
            // A file that failed on its own content (corrupt gzip, not a CloudTrail log) would fail again: it is
            // finished too, as it is for the rest of this run. Its error was logged by the pipeline.
            processed.Record(relative, signature);
            if (outcome.Succeeded)
            {
                LogProcessed(logger, work.Object.Name, outcome.Records, outcome.Alerts);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Directory} for CloudTrail log files")]
    private static partial void LogWatching(ILogger logger, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "{Count} files finished by an earlier run are skipped while unchanged ({StateFile})")]
    private static partial void LogResuming(ILogger logger, int count, string stateFile);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Skipping {Path}: not a CloudTrail log file")]
    private static partial void LogSkipped(ILogger logger, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot list {Directory}")]
    private static partial void LogListingFailed(ILogger logger, Exception exception, string directory);

    [LoggerMessage(Level = LogLevel.Information, Message = "Processed {Path}: {Records} records, {Alerts} alerts")]
    private static partial void LogProcessed(ILogger logger, string path, long records, int alerts);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path} will be read again: {Reason}")]
    private static partial void LogWillRetry(ILogger logger, string path, string reason);
}
