using Microsoft.Extensions.Time.Testing;
using TrailWatcher.Detection.Correlation;
using TrailWatcher.Detection.Correlation.Loading;
using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Rules.Tuning;

namespace TrailWatcher.Detection.Tests.Correlation;

/// <summary>Tuning entries naming a correlation: severity, signal, exceptions on the group (with expiry), off; dedup and threshold refused.</summary>
public sealed class CorrelationTuningTests
{
    private const string Id = "Test.Correlation.FailedLogins";
    private static readonly DateTimeOffset Today = new(2026, 6, 15, 9, 0, 0, TimeSpan.Zero);

    private static readonly CorrelationHarness Harness = CorrelationHarness.Load($"""
        title: Failed logins of one user in one region
        id: {Id}
        level: high
        correlation:
            type: event_count
            rules: [failed_login]
            group-by: [userIdentity.arn, awsRegion]
            timespan: 10m
            condition: {"{gte: 3}"}
        """);

    private const string ServiceAccounts = """
              - name: service-accounts
                reason: Service accounts retry their stored password
                owner: identity-team@example.com
                expires: 2026-06-30
                condition:
                  all:
                    - field: userIdentity.arn
                      starts_with: "arn:aws:iam::111122223333:user/svc-"
                    - field: awsRegion
                      equals: us-east-1
        """;

    [Fact]
    public void Severity_AndSignal_AreTheAlertsAndTheListingsSettings()
    {
        var tuning = Split($"tuning:\n  - rules: {Id}\n    severity: low\n    signal: true\n");

        var alert = Decide(tuning, "alice").Alert!;

        Assert.Equal((Severity.Low, true), (alert.Severity, alert.Signal));
        Assert.Equal(SeverityNames.DefaultRiskScore(Severity.Low), alert.RiskScore);
        Assert.Equal([("severity", "low", 3), ("signal", "true", 4)], tuning.For(Harness.Set.Correlations[0]).Tuning.Select(c => (c.Setting, c.Value, c.Line)));
        Assert.Equal((Severity.High, false), (Decide(CorrelationTuningSet.Empty, "alice").Alert!.Severity, Decide(CorrelationTuningSet.Empty, "alice").Alert!.Signal));
    }

    [Fact]
    public void Exception_MatchingTheGroup_SilencesThatGroupOnly()
    {
        var tuning = Split($"tuning:\n  - rules: {Id}\n    exceptions:\n{ServiceAccounts}");

        var silenced = Decide(tuning, "svc-backup");
        Assert.Null(silenced.Alert);
        Assert.Equal("service-accounts", silenced.SilencedBy?.Name);

        var raised = Decide(tuning, "alice");
        Assert.NotNull(raised.Alert);
        Assert.Null(raised.SilencedBy);
    }

    [Fact]
    public void Exception_ExpiringWhileRunning_StopsSilencingAtItsExpiry_ReportedOnce()
    {
        var tuning = Split($"tuning:\n  - rules: {Id}\n    exceptions:\n{ServiceAccounts}");
        var decider = new CorrelationAlertDecider(tuning);
        var match = Match("svc-backup");
        var lastDay = new DateTimeOffset(2026, 6, 30, 23, 59, 59, TimeSpan.Zero);

        Assert.Null(decider.Decide(match, "test", lastDay).Alert);
        var after = decider.Decide(match, "test", lastDay.AddSeconds(1));
        var later = decider.Decide(match, "test", lastDay.AddDays(1));

        Assert.NotNull(after.Alert);
        Assert.Equal("service-accounts", Assert.Single(after.ExpiredExceptions).Name);
        Assert.NotNull(later.Alert);
        Assert.Empty(later.ExpiredExceptions);
    }

    [Fact]
    public void Exception_ExpiredWhenLoaded_IsNotAppliedAndIsWarnedAbout()
    {
        var tuning = Split($"tuning:\n  - rules: {Id}\n    exceptions:\n{ServiceAccounts}", now: new DateTimeOffset(2026, 7, 2, 0, 0, 0, TimeSpan.Zero));

        Assert.NotNull(Decide(tuning, "svc-backup").Alert);
        var warning = Assert.Single(tuning.Warnings);
        Assert.Equal($"tuning.yml:4: exception 'service-accounts' of correlation {Id} (owner identity-team@example.com) expired on 2026-06-30 and no longer applies", warning.ToString());
        Assert.Equal([("expired_exception", "service-accounts")], tuning.For(Harness.Set.Correlations[0]).Tuning.Select(c => (c.Setting, c.Value)));
    }

    [Fact]
    public void EnabledFalse_RaisesNothing_AndNamesTheCorrelationAsDisabled()
    {
        var tuning = Split($"tuning:\n  - rules: Test.Correlation.*\n    enabled: false\n");

        Assert.Equal([Id], tuning.Disabled);
        var decision = Decide(tuning, "alice");
        Assert.Null(decision.Alert);
        Assert.Null(decision.SilencedBy);
    }

    [Theory]
    [InlineData("dedup: {period: 1h}", 3, 21, "dedup does not apply to one: a correlation raises one alert per decided window")]
    [InlineData("threshold: 3", 3, 16, "threshold does not apply to one: its condition already says how many events make a match")]
    public void DedupOrThreshold_OnACorrelation_FailsAtTheSettingWithTheReason(string setting, int line, int column, string reason)
    {
        var errors = SplitErrors($"tuning:\n  - rules: {Id}\n    {setting}\n");

        var error = Assert.Single(errors);
        Assert.Equal(("tuning.yml", line, column), (error.File, error.Line, error.Column));
        Assert.Contains($"'{Id}' names a correlation, and {reason}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TwoExceptionsOfOneName_ForOneCorrelation_AreAnError()
    {
        var errors = SplitErrors($"tuning:\n  - rules: {Id}\n    exceptions:\n{ServiceAccounts}\n  - rules: {Id}\n    exceptions:\n{ServiceAccounts}");

        var error = Assert.Single(errors);
        Assert.Equal(16, error.Line);
        Assert.Contains($"exception 'service-accounts' is already defined for correlation {Id} (tuning.yml:4)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEntryNamingARuleAndACorrelation_TunesEach_AndLeavesTheRuleSelectorToTheRules()
    {
        var tuning = TuningLoader.LoadTexts([("tuning.yml", $"tuning:\n  - rules: [failed_login_rule, {Id}]\n    severity: critical\n")]);
        var errors = new List<RuleLoadError>();

        var (forRules, correlations) = CorrelationTuning.Split(tuning, Pack(), new FakeTimeProvider(Today), errors);

        Assert.Empty(errors);
        Assert.Equal(Severity.Critical, correlations.For(Harness.Set.Correlations[0]).Severity);
        Assert.Equal(["failed_login_rule"], forRules.Entries.Single().Selectors.Select(s => s.Text));
    }

    private static RulePack Pack() =>
        new(new RuleSet([.. Harness.Rules.Select(r => new Rule(r) { Id = r.Name == "failed_login" ? "failed_login_rule" : r.Id })], []), Harness.Set);

    private static CorrelationTuningSet Split(string yaml, DateTimeOffset? now = null)
    {
        var tuning = TuningLoader.LoadTexts([("tuning.yml", yaml)]);
        Assert.Empty(tuning.Errors);
        var errors = new List<RuleLoadError>();
        var (_, correlations) = CorrelationTuning.Split(tuning, Pack(), new FakeTimeProvider(now ?? Today), errors);
        Assert.Empty(errors);
        return correlations;
    }

    private static List<RuleLoadError> SplitErrors(string yaml)
    {
        var tuning = TuningLoader.LoadTexts([("tuning.yml", yaml)]);
        Assert.Empty(tuning.Errors);
        var errors = new List<RuleLoadError>();
        CorrelationTuning.Split(tuning, Pack(), new FakeTimeProvider(Today), errors);
        return errors;
    }

    private static CorrelationAlertDecision Decide(CorrelationTuningSet tuning, string user) =>
        new CorrelationAlertDecider(tuning).Decide(Match(user), "test", Today);

    private static CorrelationMatch Match(string user) =>
        Assert.Single(Harness.Run([TestEvent.Login(0, user, success: false), TestEvent.Login(60, user, success: false), TestEvent.Login(120, user, success: false)]));
}
