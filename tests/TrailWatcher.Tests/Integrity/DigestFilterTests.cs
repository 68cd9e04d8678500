using TrailWatcher.Detection.Integrity;
using TrailWatcher.Integrity;
using Xunit;

namespace TrailWatcher.Tests.Integrity;

public sealed class DigestFilterTests
{
    private static readonly DigestObjectKey Digest = DigestObjectKey.TryParse(
        "AWSLogs/111122223333/CloudTrail-Digest/eu-west-1/2024/01/15/111122223333_CloudTrail-Digest_eu-west-1_t_us-east-1_20240115T100131Z.json.gz")!;

    [Theory]
    [InlineData(null, null, null, null, true)]
    [InlineData("111122223333", "eu-west-1", "2024-01-15T10:01:31Z", "2024-01-15T10:01:31Z", true)]
    [InlineData("444455556666", null, null, null, false)]
    [InlineData(null, "us-east-1", null, null, false)]
    [InlineData(null, null, "2024-01-15T10:01:32Z", null, false)]
    [InlineData(null, null, null, "2024-01-15T10:01:30Z", false)]
    public void Admits_DigestAgainstAccountRegionAndEndTime_KeepsOnlyMatches(string? account, string? region, string? start, string? end, bool admitted)
    {
        var filter = new DigestFilter(account, region, start is null ? null : DateTimeOffset.Parse(start, System.Globalization.CultureInfo.InvariantCulture), end is null ? null : DateTimeOffset.Parse(end, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(admitted, filter.Admits(Digest));
    }
}
