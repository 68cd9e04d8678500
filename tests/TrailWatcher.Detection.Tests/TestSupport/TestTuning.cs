using Microsoft.Extensions.Time.Testing;
using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Rules.Tuning;
using TrailWatcher.Detection.Rules.Files;

namespace TrailWatcher.Detection.Tests.TestSupport;

/// <summary>A small rule pack and tuning written inline, applied with a fake clock.</summary>
internal static class TestTuning
{
    /// <summary>The clock tuning is applied at unless a test says otherwise.</summary>
    public static readonly DateTimeOffset Today = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);

    /// <summary>Two S3 rules, a signal, a rule that ships disabled, and a grouped rule.</summary>
    public static RuleSet Pack() => RuleLoader.LoadTexts(
    [
        ("s3_logging.yml", TestRules.Yaml("all:\n  - field: eventSource\n    equals: s3.amazonaws.com\n  - field: eventName\n    equals: PutBucketLogging", id: "AWS.S3.LoggingDisabled",
            extra: "tests:\n  - name: logging disabled by terraform\n    expected: true\n    event: {eventSource: s3.amazonaws.com, eventName: PutBucketLogging, userIdentity: {arn: \"arn:aws:iam::111111111111:role/terraform-apply\"}}\n  - name: logging disabled by alice\n    expected: true\n    event: {eventSource: s3.amazonaws.com, eventName: PutBucketLogging, userIdentity: {arn: \"arn:aws:iam::111111111111:user/alice\"}}")),
        ("s3_policy.yml", TestRules.Yaml("field: eventName\nequals: PutBucketPolicy", id: "AWS.S3.PolicyChanged")),
        ("iam_role.yml", TestRules.Yaml("field: eventName\nequals: CreateRole", id: "AWS.IAM.CreateRole", extra: "signal: true")),
        ("key_auth.yml", TestRules.Yaml("field: eventName\nequals: GetCallerIdentity", id: "AWS.CloudTrail.UserAccessKeyAuth", extra: "enabled: false")),
        ("trail.yml", TestRules.Yaml("field: eventName\nequals: DeleteTrail", id: "AWS.CloudTrail.Deleted", extra: "dedup: {key: \"{recipientAccountId}\", period: 1h}")),
    ]);

    public static TunedRules Apply(string tuningYaml, DateTimeOffset? now = null, RuleSet? rules = null) =>
        TuningApplier.Apply(rules ?? Pack(), TuningLoader.LoadTexts([("tuning.yml", tuningYaml)]), new FakeTimeProvider(now ?? Today));

    public static Rule Rule(this TunedRules tuned, string id) => tuned.Rules.Rules.Single(r => r.Id == id);

    /// <summary>The problems, one per line as the CLI prints them.</summary>
    public static IReadOnlyList<string> Errors(string tuningYaml) =>
        [.. Assert.Throws<RuleLoadException>(() => Apply(tuningYaml)).Errors.Select(e => e.ToString())];
}
