using System.Globalization;
using TrailWatcher.Detection.Integrity;

namespace TrailWatcher.Integrity;

/// <summary>Log files of a local copy that lie within the hours the digests read cover, yet no digest lists: added to the trail, or their digest removed.</summary>
/// <remarks>
/// Only for a local copy, where every file is already listed. A digest covers the hour before its end time; a file
/// named with the first or last minute of the covered span may belong to the digest before or after it, so it is
/// left out rather than reported.
/// </remarks>
internal static class UnlistedLogFiles
{
    public static IReadOnlyList<IntegrityFinding> Find(LocalTrail trail, IReadOnlySet<string> listedPaths)
    {
        ArgumentNullException.ThrowIfNull(trail);
        ArgumentNullException.ThrowIfNull(listedPaths);
        var spans = trail.Digests
            .GroupBy(d => (d.AccountId, d.Region))
            .ToDictionary(g => g.Key, g => (Start: g.Min(d => d.EndTime).AddHours(-1), End: g.Max(d => d.EndTime), Digests: g.Count()));
        var findings = new List<IntegrityFinding>();
        foreach (var path in trail.LogFiles)
        {
            if (listedPaths.Contains(path)
                || TrailKeyParts.TryParse(path) is not { Delivered: { } delivered } parts
                || !spans.TryGetValue((parts.AccountId, parts.Region), out var span)
                || delivered <= span.Start
                || delivered.AddMinutes(1) > span.End)
            {
                continue;
            }

            findings.Add(new IntegrityFinding(
                IntegrityFindingKind.LogFileUnlisted,
                trail.LocationOf(path),
                string.Create(CultureInfo.InvariantCulture, $"delivered {delivered:yyyy-MM-dd'T'HH:mm'Z'}, within the {span.Digests} digests read for {parts.AccountId} {parts.Region} ({span.Start:yyyy-MM-dd'T'HH:mm:ss'Z'} to {span.End:yyyy-MM-dd'T'HH:mm:ss'Z'}), but none of them lists it")));
        }

        return findings;
    }
}
