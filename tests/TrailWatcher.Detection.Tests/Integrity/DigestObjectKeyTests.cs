using TrailWatcher.Detection.Integrity;

namespace TrailWatcher.Detection.Tests.Integrity;

public sealed class DigestObjectKeyTests
{
    [Fact]
    public void TryParse_StandardDigestKeyUnderPrefix_ReadsAccountRegionTrailAndEnd()
    {
        var key = DigestObjectKey.TryParse("logs/AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/111122223333_CloudTrail-Digest_us-east-2_your-trail-name_us-east-1_20150817T150131Z.json.gz");

        Assert.NotNull(key);
        Assert.Equal("111122223333", key.AccountId);
        Assert.Equal("us-east-2", key.Region);
        Assert.Equal("your-trail-name_us-east-1", key.Trail);
        Assert.Equal(new DateTimeOffset(2015, 8, 17, 15, 1, 31, TimeSpan.Zero), key.EndTime);
        Assert.Null(key.OrganizationId);
        Assert.False(key.Backfill);
    }

    [Fact]
    public void TryParse_OrganizationTrailBackfillDigest_ReadsOrganizationAndBackfill()
    {
        var key = DigestObjectKey.TryParse("AWSLogs/o-exampleorgid/111122223333/CloudTrail-Digest/eu-west-1/2024/01/15/111122223333_CloudTrail-Digest_eu-west-1_org_trail_us-east-1_20240115T100131Z_backfill.json.gz");

        Assert.NotNull(key);
        Assert.Equal("o-exampleorgid", key.OrganizationId);
        Assert.Equal("org_trail_us-east-1", key.Trail);
        Assert.True(key.Backfill);
    }

    [Theory]
    [InlineData("AWSLogs/111122223333/CloudTrail/us-east-2/2015/08/17/111122223333_CloudTrail_us-east-2_20150817T1445Z_9nYN7gp2eWAJHIfT.json.gz")]
    [InlineData("AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/notes.txt")]
    [InlineData("AWSLogs/111122223333/CloudTrail-Digest/us-east-2/2015/08/17/444455556666_CloudTrail-Digest_us-east-2_t_us-east-2_20150817T150131Z.json.gz")]
    public void TryParse_NotADigestOfThatPlace_IsNull(string key)
    {
        Assert.Null(DigestObjectKey.TryParse(key));
    }
}
