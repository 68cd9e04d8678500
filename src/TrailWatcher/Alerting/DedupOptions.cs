using System.ComponentModel.DataAnnotations;

namespace TrailWatcher.Alerting;

/// <summary>Alert deduplication and thresholds (<c>TrailWatcher:Dedup</c>): where group state lives and how much of it is kept.</summary>
internal sealed class DedupOptions : IValidatableObject
{
    public const string Section = "TrailWatcher:Dedup";

    /// <summary>False: every match is its own alert (count 1), as if no rule had a dedup block or threshold.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>A StackExchange.Redis connection string; set, the groups live in Redis and replicas share them.</summary>
    public string? Redis { get; set; }

    // Required already refuses an empty text (MinLength would read the length by reflection, which the native build cannot keep).
    [Required]
    public string KeyPrefix { get; set; } = "trailwatcher:dedup:";

    /// <summary>Open groups kept in memory; beyond it the group whose period ends first is closed early (its update emitted).</summary>
    [Range(1, 10_000_000)]
    public int MaxGroups { get; set; } = 100_000;

    public bool UsesRedis => !string.IsNullOrWhiteSpace(Redis);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (UsesRedis)
        {
            string? problem = null;
            try
            {
                _ = StackExchange.Redis.ConfigurationOptions.Parse(Redis!);
            }
            catch (ArgumentException ex)
            {
                problem = ex.Message;
            }

            if (problem is not null)
            {
                yield return new ValidationResult($"not a Redis connection string: {problem}", [nameof(Redis)]);
            }
        }
    }
}
