using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Detection.Integrity;

/// <summary>Verifies a trail's digests: each one's place and signature, the log files it lists, and the chain of each trail and region.</summary>
/// <remarks>
/// Log files are checked only for digests whose signature verified: the hashes a forged digest lists prove nothing.
/// Digests are read whole (they are small); log files stream through the hash. Without keys (a copy of the trail
/// that kept no S3 metadata, so no signatures), signatures are not checked and every digest's log files are.
/// </remarks>
public sealed class TrailVerifier(ITrailObjectStore store, TrailPublicKeySet? keys)
{
    /// <summary>Verifies the digests at <paramref name="digests"/> in <paramref name="bucket"/>.</summary>
    /// <param name="bucket">The trail's bucket.</param>
    /// <param name="digests">The digest objects to verify, in any order.</param>
    /// <param name="found">Told each finding once the digest it concerns is done, so a long run shows problems as it goes; chain findings come last.</param>
    /// <param name="cancellationToken">Stops the run.</param>
    /// <exception cref="IOException">An object could not be read for another reason than its absence (the run cannot vouch for the trail).</exception>
    public async Task<TrailReport> VerifyAsync(string bucket, IReadOnlyList<DigestObjectKey> digests, Action<IntegrityFinding>? found = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(digests);
        var findings = new List<IntegrityFinding>();
        var chains = new Dictionary<string, List<SignedDigest>>(StringComparer.Ordinal);
        var logFiles = 0;
        var backfills = 0;
        var told = 0;
        void Tell()
        {
            for (; told < findings.Count; told++)
            {
                found?.Invoke(findings[told]);
            }
        }

        foreach (var key in digests.OrderBy(d => d.EndTime).ThenBy(d => d.Key, StringComparer.Ordinal))
        {
            var signed = await ReadAsync(bucket, key.Key, findings, cancellationToken).ConfigureAwait(false);
            if (signed is null)
            {
                Tell();
                continue;
            }

            var digest = signed.Digest;
            if (!string.Equals(digest.Bucket, bucket, StringComparison.Ordinal) || !string.Equals(digest.Key, key.Key, StringComparison.Ordinal))
            {
                findings.Add(new IntegrityFinding(IntegrityFindingKind.DigestMisplaced, $"s3://{bucket}/{key.Key}", $"the digest says it was written to {digest.Location}"));
            }

            var signature = keys is null ? null : DigestSignature.Verify(digest, signed.Signature, keys);
            if (signature is not null)
            {
                findings.Add(signature);
            }
            else
            {
                logFiles += await CheckLogFilesAsync(digest, findings, cancellationToken).ConfigureAwait(false);
            }

            if (key.Backfill)
            {
                backfills++;
            }
            else
            {
                // The chain needs each digest's place, hash and links, not its log list: a year of digests stays small.
                (chains.TryGetValue(key.ChainId, out var chain) ? chain : chains[key.ChainId] = []).Add(signed with { Digest = digest with { LogFiles = [] } });
            }

            Tell();
        }

        foreach (var chain in chains.Values)
        {
            findings.AddRange(DigestChain.Check([.. chain.OrderBy(d => d.Digest.EndTime)]));
        }

        Tell();

        return new TrailReport(findings, digests.Count, backfills, logFiles);
    }

    private async Task<SignedDigest?> ReadAsync(string bucket, string key, List<IntegrityFinding> findings, CancellationToken cancellationToken)
    {
        var location = $"s3://{bucket}/{key}";
        var stored = await store.OpenAsync(bucket, key, cancellationToken).ConfigureAwait(false);
        if (stored is null)
        {
            // Listed a moment ago, gone now: deleted while we looked.
            findings.Add(new IntegrityFinding(IntegrityFindingKind.DigestMissing, location, "listed, then gone before it could be read"));
            return null;
        }

        byte[] content;
        try
        {
            content = await LogStreams.ReadAllDecompressedAsync(stored.Content, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            findings.Add(new IntegrityFinding(IntegrityFindingKind.MalformedDigest, location, $"not valid gzip ({ex.Message})"));
            return null;
        }

        try
        {
            return new SignedDigest(DigestFileParser.Parse(content, location), stored.Signature);
        }
        catch (DigestFormatException ex)
        {
            findings.Add(new IntegrityFinding(IntegrityFindingKind.MalformedDigest, location, ex.Message.StartsWith(location + ": ", StringComparison.Ordinal) ? ex.Message[(location.Length + 2)..] : ex.Message));
            return null;
        }
    }

    private async Task<int> CheckLogFilesAsync(DigestFile digest, List<IntegrityFinding> findings, CancellationToken cancellationToken)
    {
        foreach (var logFile in digest.LogFiles)
        {
            var stored = await store.OpenAsync(logFile.Bucket, logFile.Key, cancellationToken).ConfigureAwait(false);
            if (stored is null)
            {
                findings.Add(LogFileHash.Missing(logFile, digest));
                continue;
            }

            IntegrityFinding? finding;
            try
            {
                await using var raw = stored.Content;
                await using var uncompressed = await LogStreams.OpenDecompressedAsync(raw, cancellationToken).ConfigureAwait(false);
                finding = await LogFileHash.CheckAsync(logFile, uncompressed, digest, cancellationToken).ConfigureAwait(false);
            }
            catch (InvalidDataException ex)
            {
                // CloudTrail hashes the uncompressed content; a body that no longer gunzips was changed.
                finding = new IntegrityFinding(IntegrityFindingKind.LogFileHashMismatch, logFile.Location, $"listed in {digest.Location}, no longer valid gzip ({ex.Message})");
            }

            if (finding is not null)
            {
                findings.Add(finding);
            }
        }

        return digest.LogFiles.Count;
    }
}
