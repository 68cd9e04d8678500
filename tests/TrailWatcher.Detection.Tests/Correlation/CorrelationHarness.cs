using System.Globalization;
using System.Text.Json;
using TrailWatcher.Detection.Correlation;
using TrailWatcher.Detection.Correlation.Loading;
using TrailWatcher.Detection.Evaluation;

namespace TrailWatcher.Detection.Tests.Correlation;

/// <summary>Loads base rules and correlations from one multi-document Sigma text and feeds CloudTrail-shaped records through them.</summary>
internal sealed class CorrelationHarness
{
    public static readonly DateTimeOffset T0 = new(2024, 5, 1, 12, 0, 0, TimeSpan.Zero);

    private CorrelationHarness(IReadOnlyList<Rule> rules, CorrelationSet set)
    {
        Rules = rules;
        Set = set;
    }

    public IReadOnlyList<Rule> Rules { get; }

    public CorrelationSet Set { get; }

    /// <summary>Three base rules every test can refer to: failed and successful console logins, and an access key creation.</summary>
    public const string BaseRules = """
        title: Failed console login
        id: 11111111-0000-4000-8000-000000000001
        name: failed_login
        logsource:
            product: aws
            service: cloudtrail
        detection:
            selection:
                eventName: ConsoleLogin
                responseElements.ConsoleLogin: Failure
            condition: selection
        level: low
        ---
        title: Successful console login
        id: 11111111-0000-4000-8000-000000000002
        name: successful_login
        logsource:
            product: aws
            service: cloudtrail
        detection:
            selection:
                eventName: ConsoleLogin
                responseElements.ConsoleLogin: Success
            condition: selection
        level: low
        ---
        title: Access key created
        id: 11111111-0000-4000-8000-000000000003
        name: access_key_created
        logsource:
            product: aws
            service: cloudtrail
        detection:
            selection:
                eventName: CreateAccessKey
            condition: selection
        level: low
        """;

    /// <summary>The base rules plus the given correlation documents; fails the test on any load or resolution error.</summary>
    public static CorrelationHarness Load(string correlations)
    {
        var content = SigmaFileParser.Parse("mr_test.yml", BaseRules + "\n---\n" + correlations);
        Assert.Empty(content.Errors);
        var resolution = CorrelationResolver.Resolve(content.Correlations, CorrelationSet.IndexRules(content.Rules));
        Assert.Empty(resolution.Errors);
        return new CorrelationHarness(content.Rules, resolution.Set!);
    }

    public CorrelationEngine Engine(TimeSpan? lateness = null, int maxGroups = 100_000) =>
        new(Set, new CorrelationOptions { AllowedLateness = lateness ?? TimeSpan.FromDays(365), MaxGroups = maxGroups });

    /// <summary>Runs each record through every base rule, hands the matches to the engine, then flushes; returns every match.</summary>
    public List<CorrelationMatch> Run(IEnumerable<TestEvent> events, CorrelationEngine? engine = null)
    {
        engine ??= Engine();
        var matches = new List<CorrelationMatch>();
        foreach (var e in events)
        {
            matches.AddRange(Feed(engine, e).Matches);
        }

        matches.AddRange(engine.Flush().Matches);
        return matches;
    }

    /// <summary>As <see cref="Run"/>, but as the service feeds the engine: the evaluator reads the correlations' fields while it parses each record.</summary>
    public List<CorrelationMatch> RunThroughEvaluator(IEnumerable<TestEvent> events)
    {
        var engine = Engine();
        var evaluator = new RecordEvaluator(Rules) { Projections = Set.Projections };
        var found = new List<CorrelationMatch>();
        foreach (var e in events)
        {
            var matches = new List<RuleMatch>();
            var json = System.Text.Encoding.UTF8.GetBytes(e.Json);
            evaluator.Evaluate(json, evaluator.Index.Rules.ToArray(), "f.json", 0, e.Time, matches);
            foreach (var match in matches)
            {
                found.AddRange(engine.Add(match.Rule.Id, match.Projected!, e.Time, e.EventId).Matches);
            }
        }

        found.AddRange(engine.Flush().Matches);
        return found;
    }

    public CorrelationResult Feed(CorrelationEngine engine, TestEvent e)
    {
        using var document = JsonDocument.Parse(e.Json);
        var root = document.RootElement.Clone();
        var matches = new List<CorrelationMatch>();
        var late = new List<LateCorrelationEvent>();
        foreach (var rule in Rules.Where(r => r.Matches(root)))
        {
            var result = engine.Add(rule, root, e.Time, e.EventId);
            matches.AddRange(result.Matches);
            late.AddRange(result.Late);
        }

        return new CorrelationResult(matches, late);
    }
}

/// <summary>A CloudTrail record for a test: its time, eventID and JSON.</summary>
internal sealed record TestEvent(DateTimeOffset Time, string EventId, string Json)
{
    private static int _next;

    public static TestEvent Login(int seconds, string user, bool success, string ip = "198.51.100.7") =>
        Make(seconds, "signin.amazonaws.com", "ConsoleLogin", user, ip, $$"""{"ConsoleLogin":"{{(success ? "Success" : "Failure")}}"}""");

    public static TestEvent AccessKey(int seconds, string user, string ip = "198.51.100.7", string? target = null) =>
        Make(seconds, "iam.amazonaws.com", "CreateAccessKey", user, ip, "null", target is null ? "null" : $$"""{"userName":"{{target}}"}""");

    public static TestEvent Make(int seconds, string source, string name, string? user, string ip, string response, string request = "null")
    {
        var time = CorrelationHarness.T0.AddSeconds(seconds);
        var id = $"ev-{seconds:D6}-{Interlocked.Increment(ref _next):D6}";
        var identity = user is null
            ? """{"type":"AWSService"}"""
            : $$"""{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/{{user}}","accountId":"111122223333","userName":"{{user}}"}""";
        var json = $$"""
            {"eventVersion":"1.08","userIdentity":{{identity}},"eventTime":"{{time.ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture)}}",
             "eventSource":"{{source}}","eventName":"{{name}}","awsRegion":"us-east-1","sourceIPAddress":"{{ip}}",
             "userAgent":"Mozilla/5.0","requestParameters":{{request}},"responseElements":{{response}},
             "eventID":"{{id}}","eventType":"AwsConsoleSignIn","recipientAccountId":"111122223333"}
            """;
        return new TestEvent(time, id, json);
    }
}
