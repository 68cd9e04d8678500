namespace TrailWatcher.Detection.Integrity;

/// <summary>What one verification of a trail found, and how much it looked at.</summary>
public sealed record TrailReport(IReadOnlyList<IntegrityFinding> Findings, int Digests, int BackfillDigests, int LogFiles)
{
    /// <summary>True when every digest, link and log file verified.</summary>
    public bool Verified => Findings.Count == 0;
}
