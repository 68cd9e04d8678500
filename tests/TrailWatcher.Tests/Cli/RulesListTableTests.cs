using TrailWatcher.Cli;
using TrailWatcher.Rules;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Cli;

public sealed class RulesListTableTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-list-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public void RulesList_Table_ShowsKindServiceAttackAndTuningColumnsAndCountsTunedRules()
    {
        var loaded = RuleCatalog.Load(new RuleSources([], [TuningFiles.CriticalBucketAndHighSeverity(_dir)]), TimeProvider.System);
        using var output = new StringWriter();

        RulesCommands.List(loaded, json: false, output);

        var lines = output.ToString().TrimEnd('\n').Split('\n');
        Assert.Matches(@"^ID +SEVERITY +KIND +FORMAT +ENABLED +TESTS +SERVICE +TACTICS +TECHNIQUES +TUNING +TITLE$", lines[0]);
        Assert.Matches(@"^AWS\.S3\.DisableBucketLogging +high +alert +native +yes +\d+ +s3 +TA0005,TA0040 +T1562,T1562\.008,T1485 +severity,exceptions:1 +S3 bucket", Assert.Single(lines, l => l.StartsWith("AWS.S3.DisableBucketLogging ", StringComparison.Ordinal)));
        Assert.Matches(@"^AWS\.CloudTrail\.UserAccessKeyAuth +\w+ +\w+ +native +no +\d+ +iam +\S+ +\S+ +- ", Assert.Single(lines, l => l.StartsWith("AWS.CloudTrail.UserAccessKeyAuth ", StringComparison.Ordinal)));
        Assert.Matches(@"^\d+ rules \(\d+ enabled, 1 tuned\), 5 correlations \(5 enabled\)$", lines[^1]);
    }
}
