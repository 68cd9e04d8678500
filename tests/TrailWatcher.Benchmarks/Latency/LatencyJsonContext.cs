using System.Text.Json.Serialization;

namespace TrailWatcher.Benchmarks.Latency;

/// <summary>Source-generated JSON for the latency report (kept apart from the run report's context).</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(LatencyReport))]
internal sealed partial class LatencyJsonContext : JsonSerializerContext;
