using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Detection.Tests.Reading;

public class LogObjectClassifierTests
{
    [Theory]
    [InlineData("AWSLogs/123456789012/CloudTrail/us-east-1/2024/05/01/123456789012_CloudTrail_us-east-1_20240501T0000Z_abc.json.gz")]
    [InlineData("AWSLogs/o-abc/123456789012/CloudTrail/eu-west-1/2024/05/01/x.JSON.GZ")]
    [InlineData("AWSLogs/123456789012/CloudTrail-Insight/us-east-1/2024/05/01/123456789012_CloudTrail-Insight_us-east-1_x.json.gz")]
    [InlineData(@"C:\logs\trail\log.json")]
    [InlineData("/var/log/trail/log.gz")]
    [InlineData("s3://bucket/prefix/log.Json")]
    public void Classify_LogFile_IsCloudTrailLog(string key)
    {
        Assert.Equal(LogObjectKind.CloudTrailLog, LogObjectClassifier.Classify(key));
    }

    [Theory]
    [InlineData("AWSLogs/123456789012/CloudTrail-Digest/us-east-1/2024/05/01/123456789012_CloudTrail-Digest_us-east-1_trail_us-east-1_20240501T000000Z.json.gz")]
    [InlineData("AWSLogs/123456789012/cloudtrail-digest/us-east-1/x.json.gz")]
    [InlineData(@"D:\copies\123456789012_CloudTrail-Digest_us-east-1_trail.json.gz")]
    public void Classify_DigestFile_IsDigest(string key)
    {
        Assert.Equal(LogObjectKind.Digest, LogObjectClassifier.Classify(key));
    }

    [Theory]
    [InlineData("AWSLogs/123456789012/CloudTrail/")]
    [InlineData("AWSLogs/123456789012/CloudTrail-Digest/")]
    [InlineData(@"logs\folder\")]
    [InlineData("AWSLogs/123456789012/CloudTrail/ConfigWritabilityCheckFile")]
    [InlineData("AWSLogs/ConfigWritabilityCheckFile.json")]
    [InlineData("AWSLogs/123456789012/CloudTrail/us-east-1/2024/05/01/notes.txt")]
    [InlineData("AWSLogs/123456789012/CloudTrail/us-east-1/2024/05/01/log.json.gz.tmp")]
    [InlineData("")]
    public void Classify_OtherObject_IsNotALog(string key)
    {
        Assert.Equal(LogObjectKind.NotALog, LogObjectClassifier.Classify(key));
    }
}
