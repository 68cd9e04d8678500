using System.ComponentModel.DataAnnotations;

namespace TrailWatcher.Pipeline;

/// <summary>Concurrency and buffering of the detection pipeline (<c>TrailWatcher:Pipeline</c>).</summary>
internal sealed class PipelineOptions
{
    public const string Section = "TrailWatcher:Pipeline";

    /// <summary>Objects read at once; 0 means one per core.</summary>
    [Range(0, 256)]
    public int ReaderParallelism { get; set; }

    /// <summary>Evaluator tasks; 0 means one per core.</summary>
    [Range(0, 256)]
    public int EvaluationParallelism { get; set; }

    /// <summary>Capacity of each bounded hand-off between stages (the hand-off of matches to delivery takes at most 8 batches).</summary>
    [Range(1, 100_000)]
    public int ChannelCapacity { get; set; } = 64;

    /// <summary>Candidate records per batch handed to an evaluator.</summary>
    [Range(1, 100_000)]
    public int BatchSize { get; set; } = 256;

    /// <summary>Longest time a candidate record waits for its batch to fill: alerts of a large, sparse object still leave within moments.</summary>
    [Range(1, 60_000)]
    public int MaxBatchDelayMilliseconds { get; set; } = 200;

    /// <summary>Largest record evaluated; a larger one is skipped without being held and raises an oversized-record signal.</summary>
    [Range(1024, 1 << 30)]
    public int MaxRecordBytes { get; set; } = 1 << 20;

    /// <summary>Largest decompressed size of one object; CloudTrail's own files are far smaller.</summary>
    [Range(1L << 20, 1L << 40)]
    public long MaxObjectBytes { get; set; } = 4L << 30;

    /// <summary>Largest decompressed-to-stored ratio of one object (checked past 64 MiB); CloudTrail's gzip files expand about 5 to 15 times.</summary>
    [Range(2, 100_000)]
    public int MaxCompressionRatio { get; set; } = 200;

    /// <summary>Most bytes of candidate records handed on and not yet evaluated; readers wait beyond it.</summary>
    [Range(1L << 20, 1L << 40)]
    public long MaxCandidateBytes { get; set; } = 8L << 20;

    public int EffectiveReaders => ReaderParallelism > 0 ? ReaderParallelism : Environment.ProcessorCount;

    public int EffectiveEvaluators => EvaluationParallelism > 0 ? EvaluationParallelism : Environment.ProcessorCount;
}
