using TrailWatcher.Integrity;
using Xunit;

namespace TrailWatcher.Tests.Integrity;

/// <summary>Hourly digests watched per trail, account and region: a missing one raises a gap once, the next one says delivery resumed.</summary>
public sealed class DeliveryGapTrackerTests : IDisposable
{
    private readonly SignedTrail _trail = new("trail-bucket");

    [Fact]
    public async Task Check_DigestOverdueByMoreThanTheHourAndGrace_RaisesOneGap_AndTheNextDigestRaisesResumed()
    {
        var harness = new ValidatorHarness(_trail);
        Assert.True(await harness.ValidateAsync(_trail.AddDigest(ValidatorHarness.Start, [])));
        var validatedAt = harness.Time.GetUtcNow();

        harness.Time.Advance(ValidatorHarness.Start.AddMinutes(75) - validatedAt - TimeSpan.FromSeconds(1));
        var early = await harness.Gaps.CheckAsync(null, CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromSeconds(2));
        var late = await harness.Gaps.CheckAsync(null, CancellationToken.None);
        var again = await harness.Gaps.CheckAsync(null, CancellationToken.None);

        Assert.Empty(early);
        var gap = Assert.Single(late);
        Assert.Equal(IntegrityRuleIds.DeliveryGap, gap.Rule.Id);
        Assert.Equal("111122223333/us-east-1/management-events_us-east-1", gap.Alert.Source);
        Assert.Empty(again);

        Assert.True(await harness.ValidateAsync(_trail.AddDigest(ValidatorHarness.Start.AddHours(3), [])));
        Assert.Equal([IntegrityRuleIds.DeliveryResumed], harness.RaisedRules);
    }

    [Fact]
    public async Task Arrived_ResumedAlertTheSinksRefuse_IsRaisedAgainWhenTheDigestIsRetried()
    {
        var harness = new ValidatorHarness(_trail);
        Assert.True(await harness.ValidateAsync(_trail.AddDigest(ValidatorHarness.Start, [])));
        harness.Time.Advance(TimeSpan.FromHours(2));
        Assert.Single(await harness.Gaps.CheckAsync(null, CancellationToken.None));
        var next = _trail.AddDigest(ValidatorHarness.Start.AddHours(2), []);

        harness.SinksAccept = false;
        Assert.False(await harness.ValidateAsync(next));
        harness.SinksAccept = true;
        Assert.True(await harness.ValidateAsync(next));

        Assert.Equal([IntegrityRuleIds.DeliveryResumed], harness.RaisedRules);
    }

    [Fact]
    public async Task Check_ExpectedRegionThatNeverDelivered_RaisesAGapAnHourAndTheGraceAfterStart()
    {
        var options = new IntegrityOptions { Enabled = true, GraceMinutes = 15, Expect = ["111122223333/eu-west-1", "111122223333/us-east-1"] };
        var harness = new ValidatorHarness(_trail, options);
        Assert.True(await harness.ValidateAsync(_trail.AddDigest(ValidatorHarness.Start, [])));

        harness.Time.Advance(TimeSpan.FromMinutes(74));
        var early = await harness.Gaps.CheckAsync(null, CancellationToken.None);
        harness.Time.Advance(TimeSpan.FromMinutes(2));
        var late = await harness.Gaps.CheckAsync(null, CancellationToken.None);

        Assert.Empty(early);
        // us-east-1 delivered (its trail is watched on its own and was due at the same time); eu-west-1 never did.
        Assert.Equal(
            ["111122223333/eu-west-1", "111122223333/us-east-1/management-events_us-east-1"],
            late.Select(m => m.Alert.Source).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("111122223333/us-east-1", true)]
    [InlineData("111122223333/us-east-1/org-trail", true)]
    [InlineData("11112222333/us-east-1", false)]
    [InlineData("111122223333/US-EAST-1", false)]
    [InlineData("111122223333", false)]
    public void Expect_Entries_AreAccountRegionAndOptionallyTrail(string entry, bool valid)
    {
        Assert.Equal(valid, ExpectedTrail.TryParse(entry) is not null);
    }

    public void Dispose() => _trail.Dispose();
}
