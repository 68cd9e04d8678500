using TrailWatcher.Cli;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Rules;
using Xunit;

namespace TrailWatcher.Tests.Cli;

public sealed class RulesCompareTests : IDisposable
{
    private const string NativeId = SeedEvents.RuleId;
    private const string EqlId = "Elastic.AWS.S3.BucketServerAccessLoggingDisabled";
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private static readonly Lazy<RuleSet> WithElastic = new(() => RuleCatalog.Load(new RuleSources([], []) { BuiltInElastic = true }, TimeProvider.System).Rules);
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-compare-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task RulesCompare_SeedRulesOverTheirTestEvents_ListsEachDisagreementWithFieldsAndExits1()
    {
        await using var process = TrailWatcherProcess.Start(Directory.GetCurrentDirectory(), new Dictionary<string, string> { ["TrailWatcher__Rules__Elastic__Enabled"] = "true" }, "rules", "compare", NativeId, EqlId);
        var code = await process.WaitForExitAsync(Timeout);

        Assert.Equal(1, code);
        var output = process.StandardOutput;
        Assert.Equal(7, output.Split('\n').Count(l => l.StartsWith("DIFFER test ", StringComparison.Ordinal)));
        Assert.Contains("DIFFER test \"Null requestParameters\" of AWS.S3.DisableBucketLogging (", output, StringComparison.Ordinal);
        Assert.Contains($"  {NativeId} [native]: no match\n", output, StringComparison.Ordinal);
        Assert.Contains($"  {EqlId} [eql]: match\n", output, StringComparison.Ordinal);
        Assert.Contains("    event.action (eventName) = \"PutBucketLogging\"\n", output, StringComparison.Ordinal);
        Assert.Contains("    aws.cloudtrail.request_parameters = (none)\n", output, StringComparison.Ordinal);
        Assert.Contains("    requestParameters.BucketLoggingStatus = null\n", output, StringComparison.Ordinal);
        Assert.EndsWith("\n18 records compared: 11 agree, 7 differ\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesCompare_ElasticPackNotEnabled_TheEqlRuleIsUnknownAndExits2()
    {
        var result = await TrailWatcherProcess.RunAsync(Timeout, "rules", "compare", NativeId, EqlId);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"error: no loaded rule has the id '{EqlId}'", result.StandardError, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesCompare_OverLogFiles_NamesFileAndRecordIndexOfEachDisagreement()
    {
        var file = TrailFiles.WriteGzip(Path.Combine(_dir, "trail.json.gz"), TrailFiles.Document([
            SeedEvents.LoggingDisabled("both-match"),
            SeedEvents.WithoutRequestParameters("only-eql"),
            SeedEvents.Background("neither"),
        ]));
        var elastic = Path.Combine(AppContext.BaseDirectory, "rules", "elastic");

        var result = await TrailWatcherProcess.RunAsync(Timeout, "rules", "compare", "--rules", elastic, NativeId, EqlId, _dir);

        Assert.Equal(1, result.ExitCode);
        Assert.StartsWith($"DIFFER {file} record 1: eventID only-eql, eventName PutBucketLogging\n  {NativeId} [native]: no match\n", result.StandardOutput, StringComparison.Ordinal);
        Assert.EndsWith("\n3 records compared: 2 agree, 1 differ\n", result.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void RulesCompare_ARuleWithItselfOverFiles_AgreesEverywhereAndExits0()
    {
        TrailFiles.WriteGzip(Path.Combine(_dir, "a.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("x"), SeedEvents.Background("y")]));
        TrailFiles.WritePlain(Path.Combine(_dir, "b.json"), TrailFiles.Document([SeedEvents.LoggingEnabled("z")]));
        var (code, output, _) = Run(EqlId, EqlId, _dir);

        Assert.Equal(0, code);
        Assert.Equal("3 records compared: 3 agree, 0 differ\n", output);
    }

    [Fact]
    public void RulesCompare_ADisabledRule_IsComparedOverItsTestEvents()
    {
        var disabled = WithElastic.Value.Rules.First(r => !r.Enabled && r.Tests.Count > 0);

        var (code, output, _) = Run(disabled.Id, disabled.Id);

        Assert.Equal(0, code);
        Assert.Equal($"{disabled.Tests.Select(t => t.EventJson).Distinct(StringComparer.Ordinal).Count()} records compared: ", output.Split(": ")[0] + ": ");
    }

    [Theory]
    [InlineData("AWS.S3.Nope", "error: no loaded rule has the id 'AWS.S3.Nope'")]
    [InlineData("aws.s3.disablebucketlogging", "(did you mean 'AWS.S3.DisableBucketLogging'?)")]
    public void RulesCompare_UnknownId_IsNamedAndExits2(string id, string expected)
    {
        var (code, output, error) = Run(id, EqlId);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    [Fact]
    public void RulesCompare_MissingPath_Exits2BeforeComparing()
    {
        var missing = Path.Combine(_dir, "nope.json.gz");

        var (code, output, error) = Run(NativeId, EqlId, missing);

        Assert.Equal(2, code);
        Assert.Empty(output);
        Assert.Contains($"error: {missing}: no such file or directory", error, StringComparison.Ordinal);
    }

    [Fact]
    public void RulesCompare_CorruptFile_IsReportedTheOthersComparedAndExits2()
    {
        File.WriteAllText(Path.Combine(_dir, "a-broken.json"), """{"Records":[{"eventName": "PutBucketLogging"}, {"eventName": """);
        TrailFiles.WriteGzip(Path.Combine(_dir, "b-good.json.gz"), TrailFiles.Document([SeedEvents.LoggingDisabled("x")]));

        var (code, output, error) = Run(NativeId, EqlId, _dir);

        Assert.Equal(2, code);
        Assert.Contains("a-broken.json", error, StringComparison.Ordinal);
        Assert.EndsWith("2 records compared: 1 agree, 1 differ\n", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RulesList_ElasticPackNamedWithRules_ShowsTheEqlFormat()
    {
        var elastic = Path.Combine(AppContext.BaseDirectory, "rules", "elastic");

        var result = await TrailWatcherProcess.RunAsync(Timeout, "rules", "list", "--rules", elastic);

        Assert.Equal(0, result.ExitCode);
        Assert.Matches(@"\nElastic\.AWS\.S3\.BucketServerAccessLoggingDisabled +medium +alert +eql +yes +\d+ +s3 +TA0005 ", result.StandardOutput);
    }

    [Fact]
    public void RuleCatalog_ByDefault_LeavesTheElasticPackOut()
    {
        var rules = RuleCatalog.Load(RuleSources.None, TimeProvider.System).Rules;

        Assert.DoesNotContain(rules.Rules, r => r.Format == RuleFormats.Eql);
        Assert.Contains(WithElastic.Value.Rules, r => r.Id == EqlId);
    }

    private static (int Code, string Output, string Error) Run(string first, string second, params string[] paths)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var code = RulesCompareCommand.Run(WithElastic.Value, first, second, paths, output, error);
        return (code, output.ToString(), error.ToString());
    }
}
