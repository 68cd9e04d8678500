using System.Globalization;
using TrailWatcher.Detection.Integrity;
using TrailWatcher.Sources.S3;
using Xunit;

namespace TrailWatcher.Tests.Sources.S3;

public sealed class TrailScanFilterTests
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
    public void AdmitsDigest_AgainstAccountRegionAndEndTime_KeepsOnlyMatches(string? account, string? region, string? since, string? until, bool admitted)
    {
        var filter = new TrailScanFilter(Time(since), Time(until), account is null ? [] : [account, "999999999999"], region is null ? [] : [region]);

        Assert.Equal(admitted, filter.AdmitsDigest(Digest));
    }

    private static DateTimeOffset? Time(string? text) => text is null ? null : DateTimeOffset.Parse(text, CultureInfo.InvariantCulture);
}
