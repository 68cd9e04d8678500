using System.Text.Json.Serialization;

namespace TrailWatcher.Integrity;

/// <summary>Source-generated JSON for the integrity state kept in Redis.</summary>
[JsonSerializable(typeof(StoredLink))]
internal sealed partial class IntegrityJson : JsonSerializerContext;
