using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Integrity;
using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Integrity;
using TrailWatcher.Pipeline;
using TrailWatcher.Sources.S3;
using TrailWatcher.Tests.Support;

namespace TrailWatcher.Tests.Integrity;

/// <summary>A <see cref="DigestValidator"/> over a <see cref="SignedTrail"/> in memory, on a fake clock, with the built-in integrity rules.</summary>
internal sealed class ValidatorHarness : ITrailObjectStore
{
    public static readonly DateTimeOffset Start = new(2024, 1, 15, 12, 5, 0, TimeSpan.Zero);
    private static readonly Lazy<IntegrityRules> Rules = new(() => new IntegrityRules(RuleLoader.LoadDirectories([RepositoryRoot.Combine("rules", "trailwatcher", "integrity")])));

    public ValidatorHarness(SignedTrail trail, IntegrityOptions? options = null)
    {
        Trail = trail;
        Options = options ?? new IntegrityOptions { Enabled = true, GraceMinutes = 15, LedgerPollSeconds = 5 };
        State = new InMemoryIntegrityState(Options.LedgerRetention, Time);
        Gaps = new DeliveryGapTracker(State, Rules.Value, Options, Time, NullLogger<DeliveryGapTracker>.Instance);
        var keys = TrailPublicKeySet.Parse(trail.PublicKeyFile(), "keys.json");
        Validator = new DigestValidator(this, new PublicKeySource(() => keys), State, Rules.Value, Gaps, FetchAsync, RaiseAsync, Options, TestMetrics.Create(), Time, NullLogger<DigestValidator>.Instance);
    }

    public SignedTrail Trail { get; }

    public IntegrityOptions Options { get; }

    public FakeTimeProvider Time { get; } = new(Start);

    public InMemoryIntegrityState State { get; }

    public DeliveryGapTracker Gaps { get; }

    public DigestValidator Validator { get; }

    /// <summary>The log files the validator fetched itself, in order.</summary>
    public List<string> Fetched { get; } = [];

    /// <summary>Every match raised, in order.</summary>
    public List<RuleMatch> Raised { get; } = [];

    /// <summary>False: the sinks refuse what is raised.</summary>
    public bool SinksAccept { get; set; } = true;

    public IEnumerable<string> RaisedRules => Raised.Select(m => m.Rule.Id);

    /// <summary>Records a log file as the worker would after reading it from its own notification.</summary>
    public Task ProcessedAsync(string key) =>
        State.RecordAsync($"s3://{Trail.Bucket}/{key}", Convert.ToHexStringLower(SHA256.HashData(SignedTrail.Gunzip(Trail.Objects[key].Content))), CancellationToken.None).AsTask();

    /// <summary>Validates a digest, moving the fake clock on in poll steps while it waits, at most an hour.</summary>
    public async Task<bool> ValidateAsync(string digestKey)
    {
        var validation = Validator.ValidateAsync(new S3ObjectReference(Trail.Bucket, digestKey), CancellationToken.None);
        for (var step = 0; step < 720 && !validation.IsCompleted; step++)
        {
            await Task.Delay(2);
            if (!validation.IsCompleted)
            {
                Time.Advance(TimeSpan.FromSeconds(5));
            }
        }

        return await validation.WaitAsync(TimeSpan.FromSeconds(10));
    }

    public Task<StoredObject?> OpenAsync(string bucket, string key, CancellationToken cancellationToken) =>
        Task.FromResult(bucket == Trail.Bucket && Trail.Objects.TryGetValue(key, out var stored) ? new StoredObject(new MemoryStream(stored.Content), stored.Signature) : null);

    private Task<ObjectOutcome> FetchAsync(S3ObjectReference reference, CancellationToken cancellationToken)
    {
        Fetched.Add(reference.Key);
        var logObject = new LogObject(reference.ToString(), _ => throw new InvalidOperationException());
        return Task.FromResult(Trail.Objects.TryGetValue(reference.Key, out var stored)
            ? new ObjectOutcome(logObject, 1, stored.Content.Length, 1, 0, null, ContentHash: Convert.ToHexStringLower(SHA256.HashData(SignedTrail.Gunzip(stored.Content))))
            : new ObjectOutcome(logObject, 0, 0, 0, 0, new FileNotFoundException($"{reference}: no such object")));
    }

    private Task<bool> RaiseAsync(string source, IReadOnlyList<RuleMatch> matches, CancellationToken cancellationToken)
    {
        if (SinksAccept)
        {
            Raised.AddRange(matches);
        }

        return Task.FromResult(SinksAccept);
    }
}
