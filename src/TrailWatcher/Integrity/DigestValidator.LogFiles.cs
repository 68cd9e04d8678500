using Microsoft.Extensions.Logging;
using TrailWatcher.Detection.Integrity;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Sources.S3;

namespace TrailWatcher.Integrity;

/// <summary>The log files a verified digest lists: compared with the ledger, waited for, or fetched and read.</summary>
internal sealed partial class DigestValidator
{
    // False when a fetched file could not be read or its alerts not delivered for a reason that may pass: try again later.
    private async Task<bool> CheckLogFilesAsync(DigestFile digest, List<DigestFinding> findings, CancellationToken cancellationToken)
    {
        var deadline = time.GetUtcNow() + options.Grace;
        var unread = digest.LogFiles.ToList();
        while (true)
        {
            for (var i = unread.Count - 1; i >= 0; i--)
            {
                if (await state.HashOfAsync(unread[i].Location, cancellationToken).ConfigureAwait(false) is { } hash)
                {
                    Compare(unread[i], hash, digest, findings);
                    unread.RemoveAt(i);
                }
            }

            var left = deadline - time.GetUtcNow();
            if (unread.Count == 0 || left <= TimeSpan.Zero)
            {
                break;
            }

            var poll = TimeSpan.FromSeconds(options.LedgerPollSeconds);
            await Task.Delay(left < poll ? left : poll, time, cancellationToken).ConfigureAwait(false);
        }

        unread.Reverse();
        foreach (var logFile in unread)
        {
            if (!await FetchAsync(logFile, digest, findings, cancellationToken).ConfigureAwait(false))
            {
                return false;
            }
        }

        return true;
    }

    private async Task<bool> FetchAsync(DigestLogFile logFile, DigestFile digest, List<DigestFinding> findings, CancellationToken cancellationToken)
    {
        LogFetching(logger, logFile.Location, digest.Location, options.GraceMinutes);
        metrics.UnreadFetched();
        var outcome = await fetch(new S3ObjectReference(logFile.Bucket, logFile.Key), cancellationToken).ConfigureAwait(false);
        switch (outcome.Error)
        {
            case null:
                await RecordAsync(outcome, cancellationToken).ConfigureAwait(false);
                findings.Add(new DigestFinding(
                    IntegrityRuleIds.UnannouncedLogFile,
                    new IntegrityFinding(IntegrityFindingKind.LogFileMissing, logFile.Location, $"listed in {digest.Location}, announced by no notification within {options.GraceMinutes} min; read now ({outcome.Records} records, {outcome.Alerts} alerts)"),
                    $"unannounced\n{logFile.Location}"));
                if (outcome.ContentHash is { } hash)
                {
                    Compare(logFile, hash, digest, findings);
                }

                return true;
            case FileNotFoundException:
                findings.Add(DigestFinding.Of(LogFileHash.Missing(logFile, digest)));
                return true;
            case InvalidDataException or CloudTrailFormatException when !outcome.Retryable:
                // CloudTrail hashes the uncompressed content; a body that no longer gunzips or parses was changed.
                findings.Add(DigestFinding.Of(new IntegrityFinding(IntegrityFindingKind.LogFileHashMismatch, logFile.Location, $"listed in {digest.Location}, no longer readable ({outcome.Error.Message})")));
                return true;
            default:
                return false;
        }
    }

    private static void Compare(DigestLogFile logFile, string hash, DigestFile digest, List<DigestFinding> findings)
    {
        if (!string.Equals(hash, logFile.HashValue, StringComparison.OrdinalIgnoreCase))
        {
            findings.Add(DigestFinding.Of(new IntegrityFinding(IntegrityFindingKind.LogFileHashMismatch, logFile.Location, $"SHA-256 of its content as read is {hash}, {digest.Location} lists {logFile.HashValue.ToLowerInvariant()}")));
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{LogFile} is listed in {Digest} but no notification announced it within {GraceMinutes} min: fetching and evaluating it now")]
    private static partial void LogFetching(ILogger logger, string logFile, string digest, int graceMinutes);
}
