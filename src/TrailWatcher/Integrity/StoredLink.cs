namespace TrailWatcher.Integrity;

/// <summary>A <see cref="DigestLink"/> as Redis keeps it: the end time in ticks, so a Lua script can compare two.</summary>
internal sealed record StoredLink(string Location, string ContentHash, string? Signature, long EndTicks);
