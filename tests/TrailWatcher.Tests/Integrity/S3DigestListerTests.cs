using TrailWatcher.Integrity;
using Xunit;

namespace TrailWatcher.Tests.Integrity;

public sealed class S3DigestListerTests
{
    // A policy that allows listing only under PREFIX/AWSLogs/ (deploy/iam) refuses a listing of "trails" itself: the
    // location as the README writes it must be listed from its AWSLogs/ folder.
    [Theory]
    [InlineData("", "AWSLogs/")]
    [InlineData("trails", "trails/AWSLogs/")]
    [InlineData("trails/", "trails/AWSLogs/")]
    [InlineData("trails/AWSLogs/", "trails/AWSLogs/")]
    [InlineData("AWSLogs/111122223333/CloudTrail-Digest/us-east-1/", "AWSLogs/111122223333/CloudTrail-Digest/us-east-1/")]
    public void ListingPrefix_ListsFromTheTrailsFolderOrDeeper(string location, string expected) =>
        Assert.Equal(expected, S3DigestLister.ListingPrefix(location));
}
