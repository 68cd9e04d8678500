using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Pipeline;
using TrailWatcher.Rules;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Pipeline;

/// <summary>Tuning exceptions inside the real pipeline: a silenced match is counted on the meter, and an exception stops applying at its expiry while the pipeline runs.</summary>
public sealed class DetectionPipelineExceptionTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-exc-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Pipeline_MatchesAnExceptionSilences_AreCountedPerRuleAndExceptionAndNotDelivered()
    {
        using var meter = new SuppressionMeter("pipeline-meter-test");
        var rules = Tuned(TuningFiles.QuietEventIds(_dir, name: "pipeline-meter-test"), TimeProvider.System);
        var harness = new PipelineHarness(rules: rules);
        var running = harness.Pipeline.RunAsync(CancellationToken.None);

        var work = await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("a.json", TrailFiles.Document([SeedEvents.LoggingDisabled("quiet-1"), SeedEvents.LoggingDisabled("hit-1"), SeedEvents.LoggingDisabled("quiet-2")])), CancellationToken.None);
        var outcome = await work.Completion;
        harness.Pipeline.CompleteAdding();
        await running;

        Assert.True(outcome.Succeeded);
        Assert.Equal(["hit-1"], SeedRuleAlerts(harness));
        Assert.Equal(2, meter.Count(SeedEvents.RuleId));
        Assert.Equal(2, harness.Totals.Suppressed);
    }

    [Fact]
    public async Task Pipeline_ExceptionExpiringWhileRunning_StopsSilencingAtItsExpiryAndWarnsOnce()
    {
        using var meter = new SuppressionMeter("expires-while-running");
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 6, 30, 23, 0, 0, TimeSpan.Zero));
        var rules = Tuned(TuningFiles.QuietEventIds(_dir, expires: "2026-06-30", name: "expires-while-running"), time);
        using var logs = new CapturingLoggerProvider();
        using var loggers = logs.CreateFactory();
        var harness = new PipelineHarness(rules: rules, time: time, logger: loggers.CreateLogger<DetectionPipeline>());
        var running = harness.Pipeline.RunAsync(CancellationToken.None);

        await (await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("before.json", TrailFiles.Document([SeedEvents.LoggingDisabled("quiet-before")])), CancellationToken.None)).Completion;
        time.Advance(TimeSpan.FromHours(1));
        await (await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("after.json", TrailFiles.Document([SeedEvents.LoggingDisabled("quiet-after")])), CancellationToken.None)).Completion;
        await (await harness.Pipeline.SubmitAsync(PipelineHarness.InMemory("later.json", TrailFiles.Document([SeedEvents.LoggingDisabled("quiet-later")])), CancellationToken.None)).Completion;
        harness.Pipeline.CompleteAdding();
        await running;

        Assert.Equal(1, meter.Count(SeedEvents.RuleId));
        Assert.Equal(["quiet-after", "quiet-later"], SeedRuleAlerts(harness));
        var warning = Assert.Single(logs.Entries, e => e.Level == LogLevel.Warning && e.Text.Contains("expired", StringComparison.Ordinal));
        Assert.Contains("quiet.yml:4: exception 'expires-while-running' for AWS.S3.DisableBucketLogging (owner tests@example.com) expired on 2026-06-30", warning.Text, StringComparison.Ordinal);
    }

    // Other built-in rules match the seed events too; the exceptions name only the seed rule.
    private static IEnumerable<string?> SeedRuleAlerts(PipelineHarness harness) =>
        harness.Sink.Accepted.Where(a => a.RuleId == SeedEvents.RuleId).Select(a => a.EventId).Order(StringComparer.Ordinal);

    private static RuleSet Tuned(string tuningFile, TimeProvider time) => RuleCatalog.Load(new RuleSources([], [tuningFile]), time).Rules;
}
