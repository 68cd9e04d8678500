namespace TrailWatcher.Detection.Integrity;

/// <summary>Checks that consecutive digests of one trail and region link up: each names the one before it, its hash and its signature.</summary>
public static class DigestChain
{
    /// <summary>Findings for the links between consecutive digests of <paramref name="chain"/>.</summary>
    /// <param name="chain">One trail's digests in one region, in order of end time, backfill digests left out (they sit beside the chain).</param>
    /// <remarks>
    /// The first digest's own link is not checked: its previous digest lies before the range read. A starting digest
    /// (no previous digest) begins a new chain, as CloudTrail writes one whenever validation or logging is restarted.
    /// </remarks>
    public static IReadOnlyList<IntegrityFinding> Check(IReadOnlyList<SignedDigest> chain)
    {
        ArgumentNullException.ThrowIfNull(chain);
        var findings = new List<IntegrityFinding>();
        var known = chain.Select(d => d.Digest.Location).ToHashSet(StringComparer.Ordinal);
        for (var i = 1; i < chain.Count; i++)
        {
            var before = chain[i - 1];
            var current = chain[i].Digest;
            if (current.Previous is not { } previous)
            {
                continue;
            }

            if (!string.Equals(previous.Location, before.Digest.Location, StringComparison.Ordinal))
            {
                findings.Add(known.Contains(previous.Location)
                    ? new IntegrityFinding(IntegrityFindingKind.ChainBroken, current.Location, $"names {previous.Location} as its previous digest, but the digest before it is {before.Digest.Location}")
                    : new IntegrityFinding(IntegrityFindingKind.DigestMissing, previous.Location, $"{current.Location} names it as its previous digest; it is not in the bucket"));
                continue;
            }

            if (!string.Equals(previous.HashValue, before.Digest.ContentHash, StringComparison.OrdinalIgnoreCase))
            {
                findings.Add(new IntegrityFinding(IntegrityFindingKind.ChainBroken, current.Location, $"previousDigestHashValue {previous.HashValue.ToLowerInvariant()} is not the SHA-256 of {before.Digest.Location} ({before.Digest.ContentHash})"));
            }

            // A digest read without its signature (a local copy) cannot have that link checked; in S3 a missing signature is a finding of its own.
            if (before.Signature is not null && !string.Equals(previous.Signature, before.Signature.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                findings.Add(new IntegrityFinding(IntegrityFindingKind.ChainBroken, current.Location, $"previousDigestSignature is not the signature of {before.Digest.Location}"));
            }
        }

        return findings;
    }
}
