using System.Text;

namespace TrailWatcher.Detection.Integrity;

/// <summary>The text CloudTrail signs for a digest, as its log file integrity documentation lays it out.</summary>
public static class DigestSigningString
{
    /// <summary>
    /// digestEndTime, bucket/key of the digest, hex SHA-256 of the uncompressed digest, and the previous digest's
    /// hex signature, joined by '\n'.
    /// </summary>
    /// <remarks>
    /// A starting digest has no previous signature; the documentation's sample renders the JSON null as the text
    /// "null", so that is what stands in the last line.
    /// </remarks>
    public static string Build(DigestFile digest)
    {
        ArgumentNullException.ThrowIfNull(digest);
        return new StringBuilder()
            .Append(digest.EndTimeText).Append('\n')
            .Append(digest.Bucket).Append('/').Append(digest.Key).Append('\n')
            .Append(digest.ContentHash).Append('\n')
            .Append(digest.Previous?.Signature ?? "null")
            .ToString();
    }
}
