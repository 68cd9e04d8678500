using System.ComponentModel.DataAnnotations;

namespace TrailWatcher.Integrity;

/// <summary>Continuous log file integrity in <c>run</c> (<c>TrailWatcher:Integrity</c>): digests validated as they arrive, delivery gaps watched.</summary>
internal sealed class IntegrityOptions : IValidatableObject
{
    public const string Section = "TrailWatcher:Integrity";

    /// <summary>On: log files are hashed as they are read, digest notifications are validated, delivery gaps raise alerts.</summary>
    public bool Enabled { get; set; }

    /// <summary>How long a digest waits for the notifications of the log files it lists before it fetches them itself.</summary>
    [Range(1, 720)]
    public int GraceMinutes { get; set; } = 15;

    /// <summary>The saved output of <c>aws cloudtrail list-public-keys</c>, covering the digests' time range and regions.</summary>
    public string? PublicKeysFile { get; set; }

    /// <summary>Trails whose digests must arrive every hour even if none has yet: <c>account/region</c> or <c>account/region/trail</c>.</summary>
    public List<string> Expect { get; set; } = [];

    /// <summary>How long a processed log file stays in the ledger; must cover the digest period (one hour) and the grace.</summary>
    [Range(1, 168)]
    public int LedgerHours { get; set; } = 3;

    /// <summary>How often the delivery gap tracker looks for overdue digests.</summary>
    [Range(1, 3_600)]
    public int GapCheckSeconds { get; set; } = 60;

    /// <summary>How often a digest waiting on its log files looks at the ledger again.</summary>
    [Range(1, 600)]
    public int LedgerPollSeconds { get; set; } = 5;

    public TimeSpan Grace => TimeSpan.FromMinutes(GraceMinutes);

    public TimeSpan LedgerRetention => TimeSpan.FromHours(LedgerHours);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (string.IsNullOrWhiteSpace(PublicKeysFile))
        {
            yield return new ValidationResult("required when TrailWatcher:Integrity:Enabled is true: save `aws cloudtrail list-public-keys --start-time ...` output and name it here", [nameof(PublicKeysFile)]);
        }
        else if (!File.Exists(PublicKeysFile))
        {
            yield return new ValidationResult($"no such file: {PublicKeysFile}", [nameof(PublicKeysFile)]);
        }

        if (TimeSpan.FromHours(LedgerHours) <= TimeSpan.FromHours(1) + Grace)
        {
            yield return new ValidationResult($"{LedgerHours} h does not cover a digest's hour plus TrailWatcher:Integrity:GraceMinutes ({GraceMinutes}); a log file would leave the ledger before its digest is checked", [nameof(LedgerHours)]);
        }

        for (var i = 0; i < Expect.Count; i++)
        {
            if (ExpectedTrail.TryParse(Expect[i]) is null)
            {
                yield return new ValidationResult($"'{Expect[i]}' is not account/region or account/region/trail (a 12-digit account id, a region such as eu-west-1)", [$"{nameof(Expect)}:{i}"]);
            }
        }
    }
}
