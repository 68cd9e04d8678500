namespace TrailWatcher.Detection.Integrity;

/// <summary>An opened object: its content stream (the caller disposes it) and the signature stored in its metadata, if any.</summary>
public sealed record StoredObject(Stream Content, string? Signature);
