using System.ComponentModel.DataAnnotations;

namespace TrailWatcher.Sources.S3;

/// <summary>Reading log objects from S3 (<c>TrailWatcher:S3</c>).</summary>
internal sealed class S3Options : IValidatableObject
{
    public const string Section = "TrailWatcher:S3";

    /// <summary>Path-style addressing, for emulators and buckets with dots in their names.</summary>
    public bool ForcePathStyle { get; set; }

    /// <summary>When set, S3 refuses to serve objects of a bucket owned by another account (confused-deputy protection).</summary>
    [RegularExpression(@"^\d{12}$", ErrorMessage = "must be a 12-digit AWS account id")]
    public string? ExpectedBucketOwner { get; set; }

    /// <summary>Longest time one object may take to read, retries included.</summary>
    [Range(1, 86_400)]
    public int ObjectTimeoutSeconds { get; set; } = 900;

    /// <summary>Retries of a GetObject that failed with throttling, a 5xx or a network fault.</summary>
    [Range(0, 20)]
    public int MaxRetries { get; set; } = 5;

    /// <summary>First retry delay; later ones grow exponentially, with jitter.</summary>
    [Range(0.01, 60)]
    public double RetryBaseDelaySeconds { get; set; } = 0.2;

    /// <summary>Times one object's body may be continued with a ranged GET after it broke off or stalled.</summary>
    [Range(0, 100)]
    public int MaxResumptions { get; set; } = 5;

    /// <summary>Longest wait for the next bytes of a body before it counts as stalled and is resumed.</summary>
    [Range(1, 3_600)]
    public int ReadStallSeconds { get; set; } = 30;

    /// <summary>Only keys under one of these prefixes are read (all when empty).</summary>
    public List<string> IncludePrefixes { get; set; } = [];

    /// <summary>Keys under these prefixes are skipped.</summary>
    public List<string> ExcludePrefixes { get; set; } = [];

    /// <summary>
    /// The trail's buckets, as <c>bucket</c> or <c>bucket/prefix</c>: a notification naming any other object is refused
    /// and left for the dead-letter queue. Empty: every bucket a notification names is read.
    /// </summary>
    public List<string> AllowedBuckets { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        for (var i = 0; i < AllowedBuckets.Count; i++)
        {
            if (BucketAllowList.Problem(AllowedBuckets[i]) is { } problem)
            {
                yield return new ValidationResult(problem, [$"{nameof(AllowedBuckets)}:{i}"]);
            }
        }
    }
}
