using System.Text;
using System.Text.Json;
using TrailWatcher.Detection.Correlation;
using TrailWatcher.Detection.Correlation.Loading;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Rules.Files;
using static TrailWatcher.Detection.Tests.Correlation.Ct;

namespace TrailWatcher.Detection.Tests.Correlation;

/// <summary>
/// The built-in correlations (<c>correlations/*.yml</c>) over the built-in AWS pack: each file parses and resolves, and
/// CloudTrail records run through the pack's rules (<see cref="RecordEvaluator"/>, so only real matches reach the engine)
/// raise exactly the expected correlation for the scenario and nothing for the decoys, in any arrival order.
/// </summary>
public sealed class BuiltInCorrelationTests
{
    private const string S3Protections = "TrailWatcher.Correlation.S3.BucketProtectionsDisabled";
    private const string LoginThenIam = "TrailWatcher.Correlation.Signin.LoginWithoutMfaThenIamChange";
    private const string ReconBurst = "TrailWatcher.Correlation.IAM.ReconAccessDeniedBurst";
    private const string TrailStoppedThenIam = "TrailWatcher.Correlation.CloudTrail.StoppedThenIamChange";
    private const string SecretsRegions = "TrailWatcher.Correlation.SecretsManager.SecretsReadAcrossRegions";

    private static readonly Lazy<BuiltInCorrelationPack> Pack = new(BuiltInCorrelationPack.Load);

    // ---- loading ------------------------------------------------------------------------------------------------

    [Fact]
    public void AllFiles_ParseAndResolveAgainstTheBuiltInPack_WithoutErrors()
    {
        var pack = Pack.Value;

        Assert.All(pack.Files, f => Assert.Empty(f.Content.Errors));
        Assert.All(pack.Files, f => Assert.Single(f.Content.Correlations));
        Assert.All(pack.Files, f => Assert.Empty(f.Content.Rules));
        Assert.Empty(pack.ResolutionErrors);
        Assert.Equal(
            new[] { S3Protections, LoginThenIam, ReconBurst, TrailStoppedThenIam, SecretsRegions }.Order(StringComparer.Ordinal),
            pack.Set.Correlations.Select(c => c.Id).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData(S3Protections, "temporal", "requestParameters.bucketName", 7 * 24 * 60, "AWS.S3.DisableBucketLogging,AWS.S3.SuspendVersioning,AWS.S3.DisableMfaDelete,AWS.S3.DeleteBucketEncryption,AWS.S3.DeletePublicAccessBlock")]
    [InlineData(LoginThenIam, "temporal_ordered", "userIdentity.arn", 60, "AWS.Console.LoginWithoutMFA,AWS.CloudTrail.IAMAnythingChanged")]
    [InlineData(ReconBurst, "value_count", "userIdentity.arn", 10, "AWS.IAMUser.ReconAccessDenied")]
    [InlineData(TrailStoppedThenIam, "temporal_ordered", "userIdentity.arn", 60, "AWS.CloudTrail.Stopped,AWS.CloudTrail.IAMAnythingChanged")]
    [InlineData(SecretsRegions, "value_count", "userIdentity.arn", 60, "AWS.SecretsManager.BatchRetrieveSecrets,AWS.SecretsManager.RetrieveSecrets")]
    public void EachCorrelation_RefersToEnabledBuiltInRules_AndKeepsThemAlerting(string id, string type, string groupBy, int minutes, string rules)
    {
        var pack = Pack.Value;
        var correlation = pack.Set.Correlations.Single(c => c.Id == id);

        Assert.Equal(type, correlation.Type switch
        {
            CorrelationType.Temporal => "temporal",
            CorrelationType.TemporalOrdered => "temporal_ordered",
            CorrelationType.ValueCount => "value_count",
            var other => other.ToString(),
        });
        Assert.Equal([groupBy], correlation.GroupBy);
        Assert.Equal(TimeSpan.FromMinutes(minutes), correlation.Timespan);
        Assert.Equal(rules.Split(','), correlation.Rules.Select(r => r.Text));
        Assert.True(correlation.Generate);
        Assert.Contains(correlation.Tags, t => t.StartsWith("attack.t", StringComparison.Ordinal));
        Assert.NotEmpty(correlation.References);
        Assert.NotEmpty(correlation.FalsePositives);
        foreach (var rule in rules.Split(','))
        {
            Assert.True(pack.Rules.Single(r => r.Id == rule).Enabled, rule);
            Assert.True(pack.Set.IsReferenced(rule), rule);
            Assert.False(pack.Set.IsInputOnly(rule), rule);
        }
    }

    // ---- 1. S3 bucket protections ---------------------------------------------------------------------------------

    [Fact]
    public void S3_TwoProtectionsOfOneBucketWithinAWeek_FireOnce()
    {
        var alice = IamUser("alice");
        var role = RoleSession("DataPlatformAdmin", "jdoe@example.com");
        var logging = DisableLogging(Days(0), alice, "acme-backups");
        var encryption = DeleteEncryption(Days(3), role, "acme-backups");
        var publicAccess = DeletePublicAccessBlock(Days(5), role, "acme-backups");
        var otherBucket = DisableLogging(Days(1), alice, "acme-scratch");
        var refused = PutVersioning(Days(2), alice, "acme-backups", "Suspended", error: "AccessDenied");

        var run = Pack.Value.RunInAnyOrder([logging, encryption, publicAccess, otherBucket, refused]);

        var match = Assert.Single(run.Matches);
        Assert.Equal(S3Protections, match.Correlation.Id);
        Assert.Equal(["acme-backups"], match.GroupValues);
        Assert.Equal(2, match.Count);
        Assert.Equal([logging.EventId, encryption.EventId], match.EventIds);
        Assert.Contains("AWS.S3.DisableBucketLogging", run.Hits(otherBucket));
        Assert.DoesNotContain("AWS.S3.SuspendVersioning", run.Hits(refused));
    }

    [Fact]
    public void S3_OneCallSuspendingVersioningAndMfaDelete_IsTwoProtections()
    {
        var call = PutVersioning(Min(0), RootConsoleSession(), "acme-ledger", "Suspended", mfaDelete: "Disabled");

        var run = Pack.Value.RunInAnyOrder([call]);

        var match = Assert.Single(run.Matches);
        Assert.Equal(S3Protections, match.Correlation.Id);
        Assert.Equal(["acme-ledger"], match.GroupValues);
        Assert.Equal(2, match.Count);
        Assert.Equal([call.EventId], match.EventIds);
    }

    [Fact]
    public void S3_ProtectionsExactlySevenDaysApart_Fire()
    {
        var alice = IamUser("alice");
        var versioning = PutVersioning(Days(0), alice, "acme-backups", "Suspended");
        var publicAccess = DeletePublicAccessBlock(Days(7), alice, "acme-backups");

        var match = Assert.Single(Pack.Value.RunInAnyOrder([versioning, publicAccess]).Matches);

        Assert.Equal([versioning.EventId, publicAccess.EventId], match.EventIds);
    }

    [Theory]
    [InlineData("the same protection twice", 2)]
    [InlineData("two protections on two buckets", 2)]
    [InlineData("a second protection a week and a second later", 2)]
    [InlineData("the second call refused", 1)]
    [InlineData("logging and versioning turned on, not off", 1)]
    public void S3_Decoys_RaiseNothing(string decoy, int inputs)
    {
        var alice = IamUser("alice");
        CloudTrailRecord[] records = decoy switch
        {
            "the same protection twice" => [DisableLogging(Days(0), alice, "acme-backups"), DisableLogging(Days(1), alice, "acme-backups")],
            "two protections on two buckets" => [DisableLogging(Days(0), alice, "acme-backups"), DeleteEncryption(Min(5), alice, "acme-exports")],
            "a second protection a week and a second later" =>
                [DisableLogging(Days(0), alice, "acme-backups"), PutVersioning(Days(7) + TimeSpan.FromSeconds(1), alice, "acme-backups", "Suspended")],
            "the second call refused" => [DeleteEncryption(Days(0), alice, "acme-backups"), DeletePublicAccessBlock(Min(3), alice, "acme-backups", error: "AccessDenied")],
            "logging and versioning turned on, not off" =>
                [EnableLogging(Min(0), alice, "acme-backups"), PutVersioning(Min(1), alice, "acme-backups", "Enabled"), DeletePublicAccessBlock(Min(2), alice, "acme-backups")],
            _ => throw new ArgumentOutOfRangeException(nameof(decoy)),
        };

        var run = Pack.Value.RunInAnyOrder(records);

        Assert.Empty(run.Matches);
        // The decoy is not vacuous: this many (record, rule) matches of the correlation's own rules reached the engine.
        Assert.Equal(inputs, run.InputsOf(S3Protections));
    }

    // ---- 2. console sign-in without MFA, then IAM changes -----------------------------------------------------------

    [Fact]
    public void LoginWithoutMfa_IamUserThenAccessKeyCreated_FiresOnce()
    {
        var login = ConsoleLogin(Min(0), IamUserSigningIn("alice"), mfa: false);
        var read = ListUsers(Min(3), IamUserConsoleSession("alice"), console: true);
        var key = CreateAccessKey(Min(12), IamUserConsoleSession("alice"), "alice", console: true);
        var policy = AttachUserPolicy(Min(14), IamUserConsoleSession("alice"), "alice", console: true);
        var bobLogin = ConsoleLogin(Min(1), IamUserSigningIn("bob"), mfa: true);
        var bobChange = CreateUser(Min(5), IamUserConsoleSession("bob", mfa: true), "temp-contractor", console: true);

        var run = Pack.Value.RunInAnyOrder([login, read, key, policy, bobLogin, bobChange]);

        var match = Assert.Single(run.Matches);
        Assert.Equal(LoginThenIam, match.Correlation.Id);
        Assert.Equal([UserArn("alice")], match.GroupValues);
        Assert.Equal([login.EventId, key.EventId], match.EventIds);
        Assert.Contains("AWS.CloudTrail.IAMAnythingChanged", run.Hits(bobChange));
        Assert.DoesNotContain("AWS.Console.LoginWithoutMFA", run.Hits(bobLogin));
    }

    [Fact]
    public void LoginWithoutMfa_RootThenUserCreated_Fires()
    {
        var login = ConsoleLogin(Min(0), RootSigningIn(), mfa: false);
        var user = CreateUser(Min(59), RootConsoleSession(), "support", console: true);

        var match = Assert.Single(Pack.Value.RunInAnyOrder([login, user]).Matches);

        Assert.Equal(LoginThenIam, match.Correlation.Id);
        Assert.Equal([RootArn], match.GroupValues);
        Assert.Equal([login.EventId, user.EventId], match.EventIds);
    }

    [Theory]
    [InlineData("sign-in with MFA", 1)]
    [InlineData("another user changes IAM", 2)]
    [InlineData("change an hour and a second later", 2)]
    [InlineData("change before the sign-in", 2)]
    [InlineData("failed sign-in", 1)]
    [InlineData("only reads after the sign-in", 1)]
    [InlineData("change refused", 1)]
    [InlineData("federated role session", 1)]
    public void LoginWithoutMfa_Decoys_RaiseNothing(string decoy, int inputs)
    {
        var session = IamUserConsoleSession("alice");
        CloudTrailRecord[] records = decoy switch
        {
            "sign-in with MFA" => [ConsoleLogin(Min(0), IamUserSigningIn("alice"), mfa: true), CreateAccessKey(Min(5), IamUserConsoleSession("alice", mfa: true), "alice", console: true)],
            "another user changes IAM" => [ConsoleLogin(Min(0), IamUserSigningIn("alice"), mfa: false), CreateAccessKey(Min(5), IamUserConsoleSession("bob"), "bob", console: true)],
            "change an hour and a second later" =>
                [ConsoleLogin(Min(0), IamUserSigningIn("alice"), mfa: false), CreateAccessKey(Min(60) + TimeSpan.FromSeconds(1), session, "alice", console: true)],
            "change before the sign-in" => [CreateAccessKey(Min(-5), IamUser("alice"), "alice"), ConsoleLogin(Min(0), IamUserSigningIn("alice"), mfa: false)],
            "failed sign-in" => [ConsoleLogin(Min(0), IamUserSigningIn("alice"), mfa: false, success: false), CreateAccessKey(Min(5), IamUser("alice"), "alice")],
            "only reads after the sign-in" =>
                [ConsoleLogin(Min(0), IamUserSigningIn("alice"), mfa: false), ListUsers(Min(2), session, console: true), GetUser(Min(3), session, "alice", console: true)],
            "change refused" => [ConsoleLogin(Min(0), IamUserSigningIn("alice"), mfa: false), CreateAccessKey(Min(5), session, "admin", console: true, error: "AccessDenied")],
            "federated role session" =>
                [ConsoleLogin(Min(0), RoleSession("AWSReservedSSO_Admin_0123456789abcdef", "alice@example.com"), mfa: false),
                 CreateAccessKey(Min(5), RoleSession("AWSReservedSSO_Admin_0123456789abcdef", "alice@example.com"), "deploy-bot", console: true)],
            _ => throw new ArgumentOutOfRangeException(nameof(decoy)),
        };

        var run = Pack.Value.RunInAnyOrder(records);

        Assert.Empty(run.Matches);
        // The decoy is not vacuous: this many (record, rule) matches of the correlation's own rules reached the engine.
        Assert.Equal(inputs, run.InputsOf(LoginThenIam));
    }

    // ---- 3. reconnaissance burst ------------------------------------------------------------------------------------

    [Fact]
    public void Recon_TenDistinctRefusedOperationsWithinTenMinutes_FireOnce()
    {
        var key = IamUser("build-agent");
        var burst = Enumerable.Range(0, 10).Select(i => Refused(TimeSpan.FromSeconds(30 * i), key, i)).ToList();
        var retries = new[] { Refused(TimeSpan.FromSeconds(15), key, 0), Refused(TimeSpan.FromSeconds(45), key, 1) };
        var after = new[] { Refused(TimeSpan.FromSeconds(310), key, 10), Refused(TimeSpan.FromSeconds(320), key, 11) };
        var otherUser = Enumerable.Range(0, 4).Select(i => Refused(TimeSpan.FromSeconds(30 * i + 5), IamUser("carol"), i)).ToList();

        var run = Pack.Value.RunInAnyOrder([.. burst, .. retries, .. after, .. otherUser]);

        var match = Assert.Single(run.Matches);
        Assert.Equal(ReconBurst, match.Correlation.Id);
        Assert.Equal([UserArn("build-agent")], match.GroupValues);
        Assert.Equal(10, match.Count);
        Assert.Equal(burst.Concat(retries).OrderBy(r => r.Time).Select(r => r.EventId), match.EventIds);
    }

    [Theory]
    [InlineData("nine operations", 12)]
    [InlineData("one operation retried", 30)]
    [InlineData("ten operations over ten minutes and thirty seconds", 10)]
    [InlineData("ten operations split between two users", 10)]
    [InlineData("from the console in a browser", 0)]
    [InlineData("a role session", 0)]
    public void Recon_Decoys_RaiseNothing(string decoy, int inputs)
    {
        var key = IamUser("build-agent");
        IEnumerable<CloudTrailRecord> records = decoy switch
        {
            "nine operations" => Enumerable.Range(0, 12).Select(i => Refused(TimeSpan.FromSeconds(20 * i), key, i % 9)),
            "one operation retried" => Enumerable.Range(0, 30).Select(i => Refused(TimeSpan.FromSeconds(10 * i), key, 4)),
            "ten operations over ten minutes and thirty seconds" => Enumerable.Range(0, 10).Select(i => Refused(TimeSpan.FromSeconds(70 * i), key, i)),
            "ten operations split between two users" => Enumerable.Range(0, 10).Select(i => Refused(TimeSpan.FromSeconds(20 * i), IamUser(i % 2 == 0 ? "build-agent" : "carol"), i)),
            "from the console in a browser" => Enumerable.Range(0, 12).Select(i => Refused(TimeSpan.FromSeconds(5 * i), key, i, agent: "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0")),
            "a role session" => Enumerable.Range(0, 12).Select(i => Refused(TimeSpan.FromSeconds(5 * i), RoleSession("ReadOnly", "intern"), i)),
            _ => throw new ArgumentOutOfRangeException(nameof(decoy)),
        };

        var run = Pack.Value.RunInAnyOrder([.. records]);

        Assert.Empty(run.Matches);
        // The decoy is not vacuous: this many (record, rule) matches of the correlation's own rules reached the engine.
        Assert.Equal(inputs, run.InputsOf(ReconBurst));
    }

    // ---- 4. CloudTrail stopped or deleted, then IAM changes ---------------------------------------------------------

    [Fact]
    public void TrailStopped_ThenUserCreatedBySameSession_FiresOnce()
    {
        var mallory = RoleSession("OpsAdmin", "mallory");
        var stop = StopLogging(Min(0), mallory);
        var user = CreateUser(Min(20), mallory, "backup-svc");
        var policy = AttachUserPolicy(Min(25), mallory, "backup-svc");
        var otherSession = CreateUser(Min(10), RoleSession("OpsAdmin", "ci-pipeline"), "ci-runner");

        var run = Pack.Value.RunInAnyOrder([stop, user, policy, otherSession]);

        var match = Assert.Single(run.Matches);
        Assert.Equal(TrailStoppedThenIam, match.Correlation.Id);
        Assert.Equal([SessionArn("OpsAdmin", "mallory")], match.GroupValues);
        Assert.Equal([stop.EventId, user.EventId], match.EventIds);
        Assert.Contains("AWS.CloudTrail.IAMAnythingChanged", run.Hits(otherSession));
    }

    [Fact]
    public void TrailDeleted_ThenAccessKeyCreatedByIamUser_Fires()
    {
        var eve = IamUser("eve");
        var delete = DeleteTrail(Min(0), eve);
        var key = CreateAccessKey(Min(45), eve, "eve");

        var run = Pack.Value.RunInAnyOrder([delete, key]);

        var match = Assert.Single(run.Matches);
        Assert.Equal(TrailStoppedThenIam, match.Correlation.Id);
        Assert.Equal([UserArn("eve")], match.GroupValues);
        Assert.Equal([delete.EventId, key.EventId], match.EventIds);
        Assert.Contains("AWS.CloudTrail.Stopped", run.Hits(delete));
    }

    [Theory]
    [InlineData("change before the stop", 2)]
    [InlineData("change by another session of the same role", 2)]
    [InlineData("change an hour and a second later", 2)]
    [InlineData("stop refused", 1)]
    [InlineData("only reads after the stop", 1)]
    public void TrailStopped_Decoys_RaiseNothing(string decoy, int inputs)
    {
        var mallory = RoleSession("OpsAdmin", "mallory");
        CloudTrailRecord[] records = decoy switch
        {
            "change before the stop" => [CreateUser(Min(-10), mallory, "backup-svc"), StopLogging(Min(0), mallory)],
            "change by another session of the same role" => [StopLogging(Min(0), mallory), CreateUser(Min(10), RoleSession("OpsAdmin", "mallory-2"), "backup-svc")],
            "change an hour and a second later" => [StopLogging(Min(0), mallory), CreateUser(Min(60) + TimeSpan.FromSeconds(1), mallory, "backup-svc")],
            "stop refused" => [StopLogging(Min(0), mallory, error: "TrailNotFoundException"), CreateUser(Min(10), mallory, "backup-svc")],
            "only reads after the stop" => [StopLogging(Min(0), mallory), ListUsers(Min(5), mallory), GetUser(Min(6), mallory, "admin")],
            _ => throw new ArgumentOutOfRangeException(nameof(decoy)),
        };

        var run = Pack.Value.RunInAnyOrder(records);

        Assert.Empty(run.Matches);
        // The decoy is not vacuous: this many (record, rule) matches of the correlation's own rules reached the engine.
        Assert.Equal(inputs, run.InputsOf(TrailStoppedThenIam));
    }

    // ---- 5. secrets read across regions -----------------------------------------------------------------------------

    [Fact]
    public void Secrets_InstanceSessionReadsInThreeRegions_FiresOnce()
    {
        var instance = RoleSession("AppServerRole", "i-0a1b2c3d4e5f67890", ec2: true);
        var reads = new[]
        {
            GetSecretValue(Min(0), instance, "us-east-1"),
            GetSecretValue(Min(2), instance, "us-east-1", "prod/api-key"),
            GetSecretValue(Min(10), instance, "eu-west-1"),
            GetSecretValue(Min(40), instance, "ap-southeast-2"),
        };
        var later = GetSecretValue(Min(50), instance, "us-west-2");
        var otherInstance = GetSecretValue(Min(20), RoleSession("AppServerRole", "i-0fedcba9876543210", ec2: true), "sa-east-1");

        var run = Pack.Value.RunInAnyOrder([.. reads, later, otherInstance]);

        var match = Assert.Single(run.Matches);
        Assert.Equal(SecretsRegions, match.Correlation.Id);
        Assert.Equal([SessionArn("AppServerRole", "i-0a1b2c3d4e5f67890")], match.GroupValues);
        Assert.Equal(3, match.Count);
        Assert.Equal(reads.Select(r => r.EventId), match.EventIds);
    }

    [Fact]
    public void Secrets_BatchRetrievalsAndInstanceReadsInThreeRegions_Fire()
    {
        var instance = RoleSession("AppServerRole", "i-0a1b2c3d4e5f67890", ec2: true);
        var batch = BatchGetSecretValue(Min(0), instance, "us-east-1");
        var second = GetSecretValue(Min(5), instance, "eu-central-1");
        var third = BatchGetSecretValue(Min(60), instance, "ap-northeast-1");

        var match = Assert.Single(Pack.Value.RunInAnyOrder([batch, second, third]).Matches);

        Assert.Equal(SecretsRegions, match.Correlation.Id);
        Assert.Equal([batch.EventId, second.EventId, third.EventId], match.EventIds);
    }

    [Fact]
    public void Secrets_IamUserBatchRetrievalsInThreeRegions_Fire()
    {
        var mallory = IamUser("mallory");
        var records = new[] { "us-east-1", "eu-west-1", "ap-south-1" }.Select((region, i) => BatchGetSecretValue(Min(i * 3), mallory, region)).ToList();

        var match = Assert.Single(Pack.Value.RunInAnyOrder(records).Matches);

        Assert.Equal([UserArn("mallory")], match.GroupValues);
        Assert.Equal(records.Select(r => r.EventId), match.EventIds);
    }

    [Theory]
    [InlineData("two regions, many reads", 8)]
    [InlineData("three regions over two hours", 3)]
    [InlineData("the read in the third region refused", 2)]
    [InlineData("three instances, one region each", 3)]
    [InlineData("single reads by an IAM user (no built-in rule matches them)", 0)]
    public void Secrets_Decoys_RaiseNothing(string decoy, int inputs)
    {
        var instance = RoleSession("AppServerRole", "i-0a1b2c3d4e5f67890", ec2: true);
        IEnumerable<CloudTrailRecord> records = decoy switch
        {
            "two regions, many reads" => Enumerable.Range(0, 8).Select(i => GetSecretValue(Min(i * 5), instance, i % 2 == 0 ? "us-east-1" : "us-west-2", $"prod/s{i}")),
            "three regions over two hours" => [GetSecretValue(Min(0), instance, "us-east-1"), GetSecretValue(Min(61), instance, "eu-west-1"), GetSecretValue(Min(122), instance, "ap-southeast-2")],
            "the read in the third region refused" =>
                [GetSecretValue(Min(0), instance, "us-east-1"), GetSecretValue(Min(5), instance, "eu-west-1"), GetSecretValue(Min(10), instance, "ap-southeast-2", error: "AccessDeniedException")],
            "three instances, one region each" => new[] { "us-east-1", "eu-west-1", "ap-southeast-2" }
                .Select((region, i) => GetSecretValue(Min(i), RoleSession("AppServerRole", $"i-0a1b2c3d4e5f6789{i}", ec2: true), region)),
            "single reads by an IAM user (no built-in rule matches them)" =>
                new[] { "us-east-1", "eu-west-1", "ap-southeast-2" }.Select((region, i) => GetSecretValue(Min(i), IamUser("mallory"), region)),
            _ => throw new ArgumentOutOfRangeException(nameof(decoy)),
        };

        var run = Pack.Value.RunInAnyOrder([.. records]);

        Assert.Empty(run.Matches);
        // The decoy is not vacuous: this many (record, rule) matches of the correlation's own rules reached the engine.
        Assert.Equal(inputs, run.InputsOf(SecretsRegions));
    }
}

/// <summary>The built-in AWS pack, the built-in correlation files, and a way to run records through both.</summary>
internal sealed class BuiltInCorrelationPack
{
    /// <summary>
    /// Where the built-in correlations are kept until <see cref="RuleLoader"/> accepts correlation files: a file under
    /// <c>rules/</c> would make every load of the pack fail ("Sigma correlation rules are not supported").
    /// </summary>
    public static string Directory => RepositoryRoot.Combine("rules", "correlations");

    private BuiltInCorrelationPack(IReadOnlyList<Rule> rules, IReadOnlyList<(string Path, SigmaFileContent Content)> files, CorrelationResolution resolution)
    {
        Rules = rules;
        Files = files;
        ResolutionErrors = [.. resolution.Errors.Select(e => e.ToString())];
        Set = resolution.Set ?? CorrelationSet.Empty;
        Evaluator = new RecordEvaluator(rules);
    }

    public IReadOnlyList<Rule> Rules { get; }

    public IReadOnlyList<(string Path, SigmaFileContent Content)> Files { get; }

    public IReadOnlyList<string> ResolutionErrors { get; }

    public CorrelationSet Set { get; }

    private RecordEvaluator Evaluator { get; }

    public static BuiltInCorrelationPack Load()
    {
        var pack = RuleLoader.LoadDirectories([RepositoryRoot.Combine("rules", "aws")], [], RuleTests.Skip);
        var files = System.IO.Directory.GetFiles(Directory, "*.yml").Order(StringComparer.Ordinal)
            .Select(f => (f, SigmaFileParser.Parse(f, File.ReadAllText(f))))
            .ToList();
        var resolution = CorrelationResolver.Resolve(files.SelectMany(f => f.Item2.Correlations), CorrelationSet.IndexRules(pack.Rules));
        return new BuiltInCorrelationPack(pack.Rules, files, resolution);
    }

    /// <summary>
    /// Runs the records in time order under the default 15-minute lateness, then in 20 shuffled orders under a lateness
    /// longer than any scenario (so no event is late); every run must give the same matches. Returns the first run.
    /// </summary>
    public CorrelationRun RunInAnyOrder(IReadOnlyList<CloudTrailRecord> records)
    {
        var ordered = Run(records.OrderBy(r => r.Time).ThenBy(r => r.EventId, StringComparer.Ordinal).ToList(), new CorrelationOptions());
        Assert.Equal(0, ordered.Stats.Late);
        for (var seed = 0; seed < 20; seed++)
        {
            var shuffled = records.ToArray();
            new Random(seed).Shuffle(shuffled);
            var run = Run(shuffled, new CorrelationOptions { AllowedLateness = TimeSpan.FromDays(30) });
            Assert.Equal(0, run.Stats.Late);
            Assert.Equal(ordered.Signature, run.Signature);
        }

        return ordered;
    }

    private CorrelationRun Run(IReadOnlyList<CloudTrailRecord> records, CorrelationOptions options)
    {
        var engine = new CorrelationEngine(Set, options);
        var matches = new List<CorrelationMatch>();
        var hits = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        for (var i = 0; i < records.Count; i++)
        {
            var record = records[i];
            var json = Encoding.UTF8.GetBytes(record.Json);
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var candidates = Evaluator.Index.Candidates(root.GetProperty("eventSource").GetString(), root.GetProperty("eventName").GetString());
            var found = new List<RuleMatch>();
            var verdict = Evaluator.Evaluate(json, candidates, "built-in-correlation-test", i, record.Time, found);
            Assert.Null(verdict.FormatError);
            Assert.Null(verdict.RuleErrors);
            hits[record.EventId] = [.. found.Select(m => m.Rule.Id).Order(StringComparer.Ordinal)];
            foreach (var match in found.Where(m => Set.IsReferenced(m.Rule.Id)))
            {
                matches.AddRange(engine.Add(match.Rule, root, record.Time, record.EventId).Matches);
            }

            matches.AddRange(engine.Observe(record.Time).Matches);
        }

        matches.AddRange(engine.Flush().Matches);
        return new CorrelationRun(matches, hits, engine.Stats, Set);
    }
}

/// <summary>What one run gave: the correlation matches, the rules each record matched, and the engine's counters.</summary>
internal sealed record CorrelationRun(IReadOnlyList<CorrelationMatch> Matches, IReadOnlyDictionary<string, List<string>> RuleHits, CorrelationStats Stats, CorrelationSet Set)
{
    /// <summary>How many (record, rule) matches of the rules this correlation refers to were handed to the engine.</summary>
    public int InputsOf(string correlationId)
    {
        var rules = Set.Correlations.Single(c => c.Id == correlationId).Rules.Select(r => r.Text).ToHashSet(StringComparer.Ordinal);
        return RuleHits.Values.Sum(hits => hits.Count(rules.Contains));
    }

    /// <summary>The rule ids the record matched, in ordinal order.</summary>
    public IReadOnlyList<string> Hits(CloudTrailRecord record) => RuleHits[record.EventId];

    /// <summary>Everything that must not depend on arrival order: correlation, group, contributing events, alert id.</summary>
    public IReadOnlyList<string> Signature =>
        [.. Matches.Select(m => $"{m.Correlation.Id}|{string.Join(",", m.GroupValues)}|{m.Count}|{string.Join(",", m.EventIds)}|{m.AlertId}").Order(StringComparer.Ordinal)];
}
