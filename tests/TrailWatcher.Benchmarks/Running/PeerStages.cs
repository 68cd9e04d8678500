using System.Diagnostics;
using System.Globalization;
using System.IO.Compression;
using System.Text.Json;
using TrailWatcher.Benchmarks.Generation;

namespace TrailWatcher.Benchmarks.Running;

/// <summary>What a user would otherwise run for the seed rule on the same files: <c>zcat | jq</c>, and a plain JsonDocument per record.</summary>
internal static class PeerStages
{
    public const string JqStage = "p1. zcat | jq, seed rule";
    public const string DomStage = "p2. JsonDocument/record";

    // The seed rule's condition, as jq: a successful PutBucketLogging whose status block is present and holds no LoggingEnabled.
    private const string JqFilter =
        ".Records[] | select(.eventSource == \"s3.amazonaws.com\" and .eventName == \"PutBucketLogging\" and .errorCode == null " +
        "and .errorMessage == null and .requestParameters.BucketLoggingStatus != null " +
        "and .requestParameters.BucketLoggingStatus.LoggingEnabled == null) | .eventID";

    /// <summary>Runs the pipeline pinned to one core, as the scan is; null when jq is not installed.</summary>
    public static StageResult? Jq(string logsDirectory, SyntheticTrailManifest manifest)
    {
        if (!OperatingSystem.IsLinux() || !File.Exists("/usr/bin/jq") && !File.Exists("/usr/local/bin/jq"))
        {
            return null;
        }

        var ids = new List<string>();
        var script = $"find '{logsDirectory}' -name '*.json.gz' -print0 | sort -z | xargs -0 zcat | jq -r '{JqFilter}'";
        var run = MeasuredProcess.Run(["/bin/sh", "-c", script], 1, null, line => ids.Add(line.Trim()));
        return new StageResult(JqStage, manifest.TotalRecords, manifest.UncompressedBytes, run.WallSeconds, Verdict(ids, manifest, $"{run.Pinning}, exit {run.ExitCode}"))
        {
            CpuSeconds = run.CpuSeconds,
            PeakRssMegabytes = run.PeakRssMegabytes,
        };
    }

    /// <summary>Decompresses each file, parses every record of its Records array into its own JsonDocument and evaluates the seed rule on it; one thread.</summary>
    public static StageResult Dom(IReadOnlyList<string> files, SyntheticTrailManifest manifest)
    {
        Evaluate(files[0], []);
        var ids = new List<string>();
        var watch = Stopwatch.StartNew();
        foreach (var path in files)
        {
            Evaluate(path, ids);
        }

        watch.Stop();
        return new StageResult(DomStage, manifest.TotalRecords, manifest.UncompressedBytes, watch.Elapsed.TotalSeconds, Verdict(ids, manifest, "in process, one thread"));
    }

    private static void Evaluate(string path, List<string> matches)
    {
        byte[] json;
        using (var file = File.OpenRead(path))
        using (var gzip = new GZipStream(file, CompressionMode.Decompress))
        using (var buffer = new MemoryStream())
        {
            gzip.CopyTo(buffer);
            json = buffer.ToArray();
        }

        var reader = new Utf8JsonReader(json);
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == 1 && reader.ValueTextEquals("Records"u8))
            {
                reader.Read();
                while (reader.Read() && reader.TokenType == JsonTokenType.StartObject)
                {
                    using var record = JsonDocument.ParseValue(ref reader);
                    if (IsLoggingDisabled(record.RootElement))
                    {
                        matches.Add(record.RootElement.GetProperty("eventID").GetString() ?? "");
                    }
                }

                return;
            }
        }
    }

    private static bool IsLoggingDisabled(JsonElement record) =>
        Text(record, "eventSource") == "s3.amazonaws.com"
        && Text(record, "eventName") == "PutBucketLogging"
        && IsNull(record, "errorCode")
        && IsNull(record, "errorMessage")
        && record.TryGetProperty("requestParameters", out var request)
        && request.ValueKind == JsonValueKind.Object
        && request.TryGetProperty("BucketLoggingStatus", out var status)
        && status.ValueKind == JsonValueKind.Object
        && IsNull(status, "LoggingEnabled");

    private static string? Text(JsonElement record, string name) =>
        record.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static bool IsNull(JsonElement record, string name) =>
        !record.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null;

    private static string Verdict(List<string> ids, SyntheticTrailManifest manifest, string how)
    {
        var expected = manifest.ExpectedAlertEventIds.ToHashSet(StringComparer.Ordinal);
        var agrees = ids.Count == expected.Count && ids.All(expected.Contains);
        return string.Create(CultureInfo.InvariantCulture, $"{how}, {ids.Count} matches{(agrees ? ", the planted ones" : ", NOT the planted ones")}");
    }
}
