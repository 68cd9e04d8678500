using TrailWatcher.Detection.Correlation.Loading;
using TrailWatcher.Rules;
using Xunit;
using TrailWatcher.Detection.Rules.Files;

namespace TrailWatcher.Tests.Rules;

public sealed class AwsServiceNameTests
{
    [Fact]
    public void AwsServiceName_OfTheBuiltInPack_ComesFromEventSourcesElseTheRulesFolder()
    {
        var pack = RulePackLoader.LoadDirectories([Path.Combine(RepositoryRoot.FullName, "rules")], [], RuleTests.Load).Rules;

        var services = pack.Rules.ToDictionary(r => r.Id, AwsServiceName.Of);

        Assert.Equal("s3", services["AWS.S3.DisableBucketLogging"]);
        Assert.Equal("account,organizations", services["AWS.CloudTrail.Account.Discovery"]);
        // Its condition names no eventSource (it watches refusals of any service): the folder says iam.
        Assert.Equal("iam", services["AWS.IAMUser.ReconAccessDenied"]);
        Assert.DoesNotContain(services, s => s.Value.Length == 0);
    }
}
