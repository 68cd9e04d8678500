using System.Text.Json.Serialization;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>Source-generated serialisation of the values derived fields produce, so no reflection runs.</summary>
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(bool))]
[JsonSerializable(typeof(long))]
internal sealed partial class DerivedJson : JsonSerializerContext;
