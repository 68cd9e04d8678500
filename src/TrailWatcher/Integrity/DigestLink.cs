namespace TrailWatcher.Integrity;

/// <summary>What the next digest of a chain must name as its previous one: place, content hash, signature; and its end time.</summary>
internal sealed record DigestLink(string Location, string ContentHash, string? Signature, DateTimeOffset EndTime);
