using TrailWatcher.Sources.S3;
using Xunit;

namespace TrailWatcher.Tests.Sources.S3;

public sealed class S3TrailListerTests
{
    [Theory]
    [InlineData("", "AWSLogs/")]
    [InlineData("trails", "trails/AWSLogs/")]
    [InlineData("trails/", "trails/AWSLogs/")]
    [InlineData("AWSLogs", "AWSLogs/")]
    [InlineData("AWSLogs/111122223333/CloudTrail/", "AWSLogs/")]
    [InlineData("a/b/AWSLogs/o-abc123/", "a/b/AWSLogs/")]
    public void AwsLogsRoot_AnyPrefixTheUserTypes_FindsTheTrailsFolder(string prefix, string expected) =>
        Assert.Equal(expected, S3TrailLister.AwsLogsRoot(prefix));

    // A policy that allows listing only under PREFIX/AWSLogs/ (deploy/iam) refuses a listing of "trails" itself: scan
    // and verify list a location as the README writes it from its AWSLogs/ folder.
    [Theory]
    [InlineData("", "AWSLogs/")]
    [InlineData("trails", "trails/AWSLogs/")]
    [InlineData("trails/", "trails/AWSLogs/")]
    [InlineData("trails/AWSLogs/", "trails/AWSLogs/")]
    [InlineData("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/", "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/")]
    public void ListingPrefix_ListsFromTheTrailsFolderOrDeeper(string location, string expected) =>
        Assert.Equal(expected, S3TrailLister.ListingPrefix(location));

    [Theory]
    [InlineData("x/AWSLogs/1/CloudTrail/us-east-1/2024/01/15/1_CloudTrail_us-east-1_20240115T0859Z_a.json.gz", false)]
    [InlineData("x/AWSLogs/1/CloudTrail/us-east-1/2024/01/15/1_CloudTrail_us-east-1_20240115T0900Z_a.json.gz", true)]
    [InlineData("x/AWSLogs/1/CloudTrail/us-east-1/2024/01/16/1_CloudTrail_us-east-1_20240116T1001Z_a.json.gz", false)]
    [InlineData("x/AWSLogs/1/CloudTrail/us-east-1/2024/01/16/renamed.json.gz", true)]
    public void AdmitsKey_DeliveryTimeInTheName_InclusiveRange(string key, bool admitted)
    {
        var filter = new TrailScanFilter(new DateTimeOffset(2024, 1, 15, 9, 0, 0, TimeSpan.Zero), new DateTimeOffset(2024, 1, 16, 10, 0, 0, TimeSpan.Zero), [], []);

        Assert.Equal(admitted, filter.AdmitsKey(key));
        Assert.False(filter.AdmitsDay(new DateTime(2024, 1, 14, 0, 0, 0, DateTimeKind.Utc)));
        Assert.True(filter.AdmitsDay(new DateTime(2024, 1, 16, 0, 0, 0, DateTimeKind.Utc)));
        Assert.False(filter.AdmitsMonth(2024, 2));
    }
}
