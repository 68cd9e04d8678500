using TrailWatcher.Integrity;
using Xunit;

namespace TrailWatcher.Tests.Integrity;

/// <summary>Digests validated as they arrive in <c>run</c>: what a user sees as alerts for an intact and for a tampered trail.</summary>
public sealed class DigestValidatorTests : IDisposable
{
    private readonly SignedTrail _trail = new("trail-bucket");

    [Fact]
    public async Task Validate_IntactChainWhoseLogFilesWereAllRead_RaisesNothing_AndFetchesNothing()
    {
        var harness = new ValidatorHarness(_trail);
        var log1 = _trail.AddLog(ValidatorHarness.Start.AddMinutes(-50), SeedEvents.Background("a"));
        var first = _trail.AddDigest(ValidatorHarness.Start.AddMinutes(-60), []);
        var second = _trail.AddDigest(ValidatorHarness.Start, [log1]);
        await harness.ProcessedAsync(log1);

        Assert.True(await harness.ValidateAsync(first));
        Assert.True(await harness.ValidateAsync(second));

        Assert.Empty(harness.Raised);
        Assert.Empty(harness.Fetched);
        Assert.Equal(ValidatorHarness.Start, (await harness.State.LastDigestAsync("111122223333/us-east-1/management-events_us-east-1", CancellationToken.None))!.EndTime);
    }

    [Fact]
    public async Task Validate_LogFileReadWithOtherContentThanTheDigestLists_RaisesLogFileModified()
    {
        var harness = new ValidatorHarness(_trail);
        var log = _trail.AddLog(ValidatorHarness.Start.AddMinutes(-50), SeedEvents.Background("a"));
        var digest = _trail.AddDigest(ValidatorHarness.Start, [log]);
        _trail.ReplaceLog(log, SeedEvents.Background("forged"));
        await harness.ProcessedAsync(log);

        Assert.True(await harness.ValidateAsync(digest));

        var match = Assert.Single(harness.Raised);
        Assert.Equal(IntegrityRuleIds.LogFileModified, match.Rule.Id);
        Assert.Equal($"s3://trail-bucket/{log}", match.Alert.Source);
        Assert.Equal("111122223333", match.Alert.AccountId);
        Assert.Contains("T1565", match.Alert.Mitre.Techniques);
    }

    [Fact]
    public async Task Validate_LogFileNobodyAnnounced_WaitsTheGrace_ThenFetchesAndEvaluatesIt_AndRaisesUnannounced()
    {
        var harness = new ValidatorHarness(_trail);
        var log = _trail.AddLog(ValidatorHarness.Start.AddMinutes(-50), SeedEvents.LoggingDisabled("lost"));
        var digest = _trail.AddDigest(ValidatorHarness.Start, [log]);

        Assert.True(await harness.ValidateAsync(digest));

        Assert.Equal([log], harness.Fetched);
        Assert.Equal([IntegrityRuleIds.UnannouncedLogFile], harness.RaisedRules);
        Assert.True(harness.Time.GetUtcNow() >= ValidatorHarness.Start.AddMinutes(15));
        // Fetched and read: now in the ledger, so a second digest listing it would not fetch it again.
        Assert.NotNull(await harness.State.HashOfAsync($"s3://trail-bucket/{log}", CancellationToken.None));
    }

    [Fact]
    public async Task Validate_LogFileAnnouncedDuringTheGrace_IsComparedNotFetched()
    {
        var harness = new ValidatorHarness(_trail);
        var log = _trail.AddLog(ValidatorHarness.Start.AddMinutes(-50), SeedEvents.Background("late"));
        var digest = _trail.AddDigest(ValidatorHarness.Start, [log]);

        var validation = harness.ValidateAsync(digest);
        await harness.ProcessedAsync(log);

        Assert.True(await validation);
        Assert.Empty(harness.Fetched);
        Assert.Empty(harness.Raised);
    }

    [Fact]
    public async Task Validate_LogFileDeletedFromTheBucket_RaisesLogFileMissing()
    {
        var harness = new ValidatorHarness(_trail);
        var log = _trail.AddLog(ValidatorHarness.Start.AddMinutes(-50), SeedEvents.Background("gone"));
        var digest = _trail.AddDigest(ValidatorHarness.Start, [log]);
        _trail.Objects.Remove(log);

        Assert.True(await harness.ValidateAsync(digest));

        Assert.Equal([IntegrityRuleIds.LogFileMissing], harness.RaisedRules);
    }

    [Fact]
    public async Task Validate_DigestSignedByAnotherKey_RaisesSignatureInvalid_AndChecksNoneOfItsLogFiles()
    {
        var harness = new ValidatorHarness(_trail);
        using var forger = System.Security.Cryptography.RSA.Create(2048);
        var log = _trail.AddLog(ValidatorHarness.Start.AddMinutes(-50), SeedEvents.Background("a"));
        var digest = _trail.AddDigest(ValidatorHarness.Start, [log], signWith: forger);

        Assert.True(await harness.ValidateAsync(digest));

        Assert.Equal([IntegrityRuleIds.DigestSignatureInvalid], harness.RaisedRules);
        Assert.Empty(harness.Fetched);
    }

    [Fact]
    public async Task Validate_DigestWhosePreviousDigestWasDeleted_RaisesDigestMissing()
    {
        var harness = new ValidatorHarness(_trail);
        var first = _trail.AddDigest(ValidatorHarness.Start.AddHours(-2), []);
        var second = _trail.AddDigest(ValidatorHarness.Start.AddHours(-1), []);
        var third = _trail.AddDigest(ValidatorHarness.Start, []);
        Assert.True(await harness.ValidateAsync(first));
        _trail.Objects.Remove(second);

        Assert.True(await harness.ValidateAsync(third));

        var match = Assert.Single(harness.Raised);
        Assert.Equal(IntegrityRuleIds.DigestMissing, match.Rule.Id);
        Assert.Equal($"s3://trail-bucket/{second}", match.Alert.Source);
    }

    [Fact]
    public async Task Validate_FindingsTheSinksRefuse_IsNotDone_SoTheMessageReturns_AndTheRetryRaisesTheSameAlert()
    {
        var harness = new ValidatorHarness(_trail) { SinksAccept = false };
        var log = _trail.AddLog(ValidatorHarness.Start.AddMinutes(-50), SeedEvents.Background("a"));
        var digest = _trail.AddDigest(ValidatorHarness.Start, [log]);
        _trail.Objects.Remove(log);

        Assert.False(await harness.ValidateAsync(digest));
        harness.SinksAccept = true;
        Assert.True(await harness.ValidateAsync(digest));

        Assert.Equal([IntegrityRuleIds.LogFileMissing], harness.RaisedRules);
    }

    public void Dispose() => _trail.Dispose();
}
