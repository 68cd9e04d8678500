using Microsoft.Extensions.Logging;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Integrity;
using TrailWatcher.Pipeline;
using TrailWatcher.Sources.S3;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Integrity;

/// <summary>Validates each digest as its notification arrives: signature, link to the chain's last digest, and every log file it lists.</summary>
/// <remarks>
/// A listed log file is compared with the ledger's hash when some replica processed it. One that nobody processed
/// gets <see cref="IntegrityOptions.GraceMinutes"/> for its own notification, then is fetched and evaluated through the
/// pipeline like any other object (a lost notification must not lose its alerts), hashed on the way, and reported.
/// The digest's message is acknowledged only when that is done and the findings' alerts were delivered.
/// </remarks>
internal sealed partial class DigestValidator(
    ITrailObjectStore store,
    PublicKeySource keys,
    IIntegrityState state,
    IntegrityRules rules,
    DeliveryGapTracker gaps,
    DigestValidator.Fetch fetch,
    DigestValidator.Raise raise,
    IntegrityOptions options,
    TrailWatcherMetrics metrics,
    TimeProvider time,
    ILogger<DigestValidator> logger)
{
    /// <summary>Reads and evaluates an object as the pipeline does, hashing it; completes with its outcome.</summary>
    public delegate Task<ObjectOutcome> Fetch(S3ObjectReference reference, CancellationToken cancellationToken);

    /// <summary>Delivers matches to the sinks; true once every sink accepted them.</summary>
    public delegate Task<bool> Raise(string source, IReadOnlyList<RuleMatch> matches, CancellationToken cancellationToken);

    /// <summary>Notes a processed log file in the ledger (called by the source once its alerts were delivered).</summary>
    public ValueTask RecordAsync(ObjectOutcome outcome, CancellationToken cancellationToken) =>
        outcome is { Succeeded: true, ContentHash: { } hash } ? state.RecordAsync(outcome.Object.Name, hash, cancellationToken) : ValueTask.CompletedTask;

    /// <summary>Validates the digest at <paramref name="reference"/>; true when it is done (findings delivered), false when it must be tried again later.</summary>
    public async Task<bool> ValidateAsync(S3ObjectReference reference, CancellationToken cancellationToken)
    {
        try
        {
            return await ValidateOnceAsync(reference, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException and not PipelineClosedException)
        {
            LogValidationFailed(logger, ex, reference.ToString(), ex.Message);
            return false;
        }
    }

    private async Task<bool> ValidateOnceAsync(S3ObjectReference reference, CancellationToken cancellationToken)
    {
        var key = DigestObjectKey.TryParse(reference.Key);
        var trail = key is null ? null : new ExpectedTrail(key.AccountId, key.Region, key.Trail);
        var findings = new List<DigestFinding>();
        var matches = new List<RuleMatch>();
        var closedGaps = new List<(string Target, DateTimeOffset Since)>();
        var (signed, unreadable) = await DigestReading.ReadAsync(store, reference.Bucket, reference.Key, cancellationToken).ConfigureAwait(false);
        if (unreadable is not null)
        {
            findings.Add(DigestFinding.Of(unreadable));
        }
        else if (signed is not null && await VerifyAsync(reference, signed, findings, cancellationToken).ConfigureAwait(false))
        {
            if (trail is not null && !key!.Backfill)
            {
                await LinkAsync(trail.Target, signed, findings, cancellationToken).ConfigureAwait(false);
                matches.AddRange(await gaps.ArrivedAsync(trail, closedGaps, cancellationToken).ConfigureAwait(false));
            }

            if (!await CheckLogFilesAsync(signed.Digest, findings, cancellationToken).ConfigureAwait(false))
            {
                await gaps.ReopenAsync(closedGaps, cancellationToken).ConfigureAwait(false);
                return false;
            }
        }

        var now = time.GetUtcNow();
        foreach (var finding in findings)
        {
            LogFinding(logger, finding.RuleId, finding.Finding.ToString());
            metrics.IntegrityFinding(finding.RuleId);
            if (rules.Match(finding.RuleId, finding.Identity, finding.Finding.Subject, finding.Finding.Detail, trail, now) is { } match)
            {
                matches.Add(match);
            }
        }

        metrics.DigestValidated(findings.Count == 0);
        if (!await raise(reference.ToString(), matches, cancellationToken).ConfigureAwait(false))
        {
            LogNotDelivered(logger, reference.ToString());
            await gaps.ReopenAsync(closedGaps, cancellationToken).ConfigureAwait(false);
            return false;
        }

        LogValidated(logger, reference.ToString(), signed?.Digest.LogFiles.Count ?? 0, findings.Count);
        return true;
    }

    // Log files are checked only under a signature that verifies: the hashes a forged digest lists prove nothing.
    private async Task<bool> VerifyAsync(S3ObjectReference reference, SignedDigest signed, List<DigestFinding> findings, CancellationToken cancellationToken)
    {
        var digest = signed.Digest;
        if (!string.Equals(digest.Bucket, reference.Bucket, StringComparison.Ordinal) || !string.Equals(digest.Key, reference.Key, StringComparison.Ordinal))
        {
            findings.Add(DigestFinding.Of(new IntegrityFinding(IntegrityFindingKind.DigestMisplaced, reference.ToString(), $"the digest says it was written to {digest.Location}")));
            return false;
        }

        var signature = DigestSignature.Verify(digest, signed.Signature, await keys.ForAsync(digest, cancellationToken).ConfigureAwait(false));
        if (signature is not null)
        {
            findings.Add(DigestFinding.Of(signature));
            return false;
        }

        return true;
    }

    private async Task LinkAsync(string chain, SignedDigest signed, List<DigestFinding> findings, CancellationToken cancellationToken)
    {
        var digest = signed.Digest;
        var last = await state.LastDigestAsync(chain, cancellationToken).ConfigureAwait(false);
        if (digest.Previous is { } previous && (last is null || last.EndTime < digest.EndTime))
        {
            if (last is not null && string.Equals(last.Location, previous.Location, StringComparison.Ordinal))
            {
                if (!string.Equals(previous.HashValue, last.ContentHash, StringComparison.OrdinalIgnoreCase))
                {
                    findings.Add(DigestFinding.Of(new IntegrityFinding(IntegrityFindingKind.ChainBroken, digest.Location, $"previousDigestHashValue {previous.HashValue.ToLowerInvariant()} is not the SHA-256 of {last.Location} ({last.ContentHash})")));
                }
                else if (!string.Equals(previous.Signature, last.Signature, StringComparison.OrdinalIgnoreCase))
                {
                    findings.Add(DigestFinding.Of(new IntegrityFinding(IntegrityFindingKind.ChainBroken, digest.Location, $"previousDigestSignature is not the signature of {last.Location}")));
                }
            }
            else
            {
                // Its predecessor was not validated here (the first digest since start, or a lost notification): it must at least exist.
                var stored = await store.OpenAsync(previous.Bucket, previous.Key, cancellationToken).ConfigureAwait(false);
                if (stored is null)
                {
                    findings.Add(DigestFinding.Of(new IntegrityFinding(IntegrityFindingKind.DigestMissing, previous.Location, $"{digest.Location} names it as its previous digest; it is not in the bucket")));
                }
                else
                {
                    await stored.Content.DisposeAsync().ConfigureAwait(false);
                }
            }
        }

        await state.KeepDigestAsync(chain, new DigestLink(digest.Location, digest.ContentHash, signed.Signature?.Trim(), digest.EndTime), cancellationToken).ConfigureAwait(false);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Integrity finding ({RuleId}): {Finding}")]
    private static partial void LogFinding(ILogger logger, string ruleId, string finding);

    [LoggerMessage(Level = LogLevel.Information, Message = "Digest {Digest} validated: {LogFiles} log files, {Findings} findings")]
    private static partial void LogValidated(ILogger logger, string digest, int logFiles, int findings);

    [LoggerMessage(Level = LogLevel.Error, Message = "Digest {Digest} not validated ({Reason}); its message returns for another try")]
    private static partial void LogValidationFailed(ILogger logger, Exception exception, string digest, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Digest {Digest}: its findings' alerts did not reach every sink; its message returns for another try")]
    private static partial void LogNotDelivered(ILogger logger, string digest);
}
