namespace TrailWatcher.Testing;

/// <summary>One event an <see cref="EventBridgeRecorder"/> accepted, with the region and session token it was signed with.</summary>
public sealed record PutEventsEntry(string EventBusName, string Source, string DetailType, string Detail, string? Time, string SignedRegion, string SecurityToken);
