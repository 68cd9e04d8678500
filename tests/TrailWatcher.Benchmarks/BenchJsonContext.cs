using System.Text.Json.Serialization;
using TrailWatcher.Benchmarks.Generation;
using TrailWatcher.Benchmarks.Running;

namespace TrailWatcher.Benchmarks;

/// <summary>Source-generated JSON for the manifest and the machine-readable report.</summary>
[JsonSourceGenerationOptions(WriteIndented = true, PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
[JsonSerializable(typeof(SyntheticTrailManifest))]
[JsonSerializable(typeof(BenchmarkReport))]
internal sealed partial class BenchJsonContext : JsonSerializerContext;
