using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;
using TrailWatcher.Alerting;
using TrailWatcher.Tests.Alerting;
using TrailWatcher.Detection.Correlation;
using TrailWatcher.Detection.Correlation.Loading;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Rules.Tuning;
using TrailWatcher.Pipeline;
using TrailWatcher.Sinks;
using TrailWatcher.Tests.Support;
using Xunit;

namespace TrailWatcher.Tests.Pipeline;

/// <summary>Correlations in the service's pipeline: decided when the newest eventTime read passes the window plus the allowed lateness, late inputs left out.</summary>
public sealed class DetectionPipelineCorrelationTests(RedisServerFixture redis) : IClassFixture<RedisServerFixture>, IDisposable
{
    private const string CorrelationId = "Test.Correlation.LoggingThenVersioning";
    private readonly string _dir = Directory.CreateTempSubdirectory("tw-pipeline-correlation-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [Fact]
    public async Task Service_WindowDecidedOnlyOnceNewerEventsMoveTheWatermarkPastIt_LateInputNotCounted()
    {
        var logs = new CapturingLoggerProvider();
        using var loggers = logs.CreateFactory();
        var sink = new RecordingSink();
        var pipeline = ServicePipeline(LoadPack(), sink, loggers);
        var running = pipeline.RunAsync(CancellationToken.None);

        await Submit(pipeline, "1.json", SeedEvents.At(SeedEvents.LoggingDisabled("l-1"), "2024-01-15T10:00:00Z"), SeedEvents.At(SeedEvents.VersioningSuspended("v-1"), "2024-01-15T10:10:00Z"));
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        // Within the allowed lateness of the newest event: the window may still gain events, so nothing is decided.
        Assert.DoesNotContain(sink.Accepted, a => a.RuleId == CorrelationId);

        await Submit(pipeline, "2.json", SeedEvents.At(SeedEvents.Background("b-1"), "2024-01-15T11:30:00Z"));
        await Eventually.TrueAsync(() => sink.Accepted.Any(a => a.RuleId == CorrelationId), "the correlation alert once the watermark passed its window");
        var alert = Assert.Single(sink.Accepted, a => a.RuleId == CorrelationId);
        Assert.Equal(["l-1", "v-1"], alert.EventIds);

        // Older than the watermark (11:30 less 30 minutes): reported, never counted.
        await Submit(pipeline, "3.json", SeedEvents.At(SeedEvents.LoggingDisabled("l-late"), "2024-01-15T10:20:00Z"), SeedEvents.At(SeedEvents.VersioningSuspended("v-late"), "2024-01-15T10:21:00Z"));
        pipeline.CompleteAdding();
        await running;

        Assert.Single(sink.Accepted, a => a.RuleId == CorrelationId);
        Assert.Contains(logs.Entries, e => e.Text.Contains("arrived after the allowed lateness", StringComparison.Ordinal) && e.Text.Contains("l-late", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Service_MatchDatedFarAheadOfTheClock_MovesNoWindow()
    {
        var logs = new CapturingLoggerProvider();
        using var loggers = logs.CreateFactory();
        var sink = new RecordingSink();
        var pipeline = ServicePipeline(LoadPack(), sink, loggers);
        var running = pipeline.RunAsync(CancellationToken.None);

        // Were this record allowed to move the watermark, every real match after it would be late.
        await Submit(pipeline, "0.json", SeedEvents.At(SeedEvents.LoggingDisabled("misdated"), "2099-01-01T00:00:00Z"));
        // Past a tick of the delivery stage's timer, which reads the newest eventTime.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await Submit(pipeline, "1.json", SeedEvents.At(SeedEvents.LoggingDisabled("l-1"), "2024-01-15T10:00:00Z"), SeedEvents.At(SeedEvents.VersioningSuspended("v-1"), "2024-01-15T10:10:00Z"));
        await Submit(pipeline, "2.json", SeedEvents.At(SeedEvents.Background("b-1"), "2024-01-15T11:30:00Z"));
        await Eventually.TrueAsync(() => sink.Accepted.Any(a => a.RuleId == CorrelationId), "the correlation alert despite a misdated record");
        pipeline.CompleteAdding();
        await running;

        Assert.Equal(["l-1", "v-1"], Assert.Single(sink.Accepted, a => a.RuleId == CorrelationId).EventIds);
        Assert.Contains(logs.Entries, e => e.Text.Contains("ahead of this host's clock", StringComparison.Ordinal) && e.Text.Contains("misdated", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Service_AnotherAccountsNewerTrail_DoesNotMakeThisAccountsMatchesLate()
    {
        var logs = new CapturingLoggerProvider();
        using var loggers = logs.CreateFactory();
        var sink = new RecordingSink();
        var pipeline = ServicePipeline(LoadPack(), sink, loggers);
        var running = pipeline.RunAsync(CancellationToken.None);

        // A live account's trail, months ahead of the backlog of another account replayed after it.
        await Submit(pipeline, Key("222222222222", "20240801T1200Z"), SeedEvents.At(SeedEvents.Background("live"), "2024-08-01T12:00:00Z"));
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        await Submit(pipeline, Key("111111111111", "20240115T1000Z"), SeedEvents.At(SeedEvents.LoggingDisabled("l-1"), "2024-01-15T10:00:00Z"), SeedEvents.At(SeedEvents.VersioningSuspended("v-1"), "2024-01-15T10:10:00Z"));
        await Submit(pipeline, Key("111111111111", "20240115T1130Z"), SeedEvents.At(SeedEvents.Background("b-1"), "2024-01-15T11:30:00Z"));
        await Eventually.TrueAsync(() => sink.Accepted.Any(a => a.RuleId == CorrelationId), "the backlog account's correlation");
        pipeline.CompleteAdding();
        await running;

        Assert.Equal(["l-1", "v-1"], Assert.Single(sink.Accepted, a => a.RuleId == CorrelationId).EventIds);
        Assert.DoesNotContain(logs.Entries, e => e.Text.Contains("arrived after the allowed lateness", StringComparison.Ordinal));
    }

    [Fact]
    public async Task SharedState_EventsReadByTwoReplicas_OneCorrelationAlertWithBoth()
    {
        var prefix = $"shared-{Guid.NewGuid():N}:";
        var (sinkA, sinkB) = (new RecordingSink(), new RecordingSink());
        await using var redisA = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        await using var redisB = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var pack = LoadPack();
        var a = ServicePipeline(pack, sinkA, NullLoggerFactory.Instance, shared: (redisA, prefix));
        var b = ServicePipeline(pack, sinkB, NullLoggerFactory.Instance, shared: (redisB, prefix));
        var running = new[] { a.RunAsync(CancellationToken.None), b.RunAsync(CancellationToken.None) };

        // Each replica reads one half of the pair, the later half first; only B reads the record that closes the window.
        await Submit(a, "2.json", SeedEvents.At(SeedEvents.VersioningSuspended("v-1"), "2024-01-15T10:10:00Z"));
        await Submit(b, "1.json", SeedEvents.At(SeedEvents.LoggingDisabled("l-1"), "2024-01-15T10:00:00Z"));
        await Submit(b, "3.json", SeedEvents.At(SeedEvents.Background("b-1"), "2024-01-15T11:30:00Z"));
        await Eventually.TrueAsync(() => Correlations(sinkA, sinkB).Count > 0, "the correlation alert from the events of two replicas");
        // Both replicas decide the window; give the second one its timer ticks to deliver it too, were the lease not there.
        await Task.Delay(TimeSpan.FromSeconds(2.5));
        a.CompleteAdding();
        b.CompleteAdding();
        await Task.WhenAll(running);

        var alert = Assert.Single(Correlations(sinkA, sinkB));
        Assert.Equal(["l-1", "v-1"], alert.EventIds);
    }

    [Fact]
    public async Task SharedState_ReplicaStoppedMidWindow_ItsSuccessorDecidesWithTheEventsItHadRead()
    {
        var prefix = $"restart-{Guid.NewGuid():N}:";
        var (first, second) = (new RecordingSink(), new RecordingSink());
        var pack = LoadPack();
        await using (var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString))
        {
            var stopped = ServicePipeline(pack, first, NullLoggerFactory.Instance, shared: (connection, prefix));
            var running = stopped.RunAsync(CancellationToken.None);
            await Submit(stopped, "1.json", SeedEvents.At(SeedEvents.LoggingDisabled("l-1"), "2024-01-15T10:00:00Z"));
            await Submit(stopped, "2.json", SeedEvents.At(SeedEvents.VersioningSuspended("v-1"), "2024-01-15T10:10:00Z"));
            stopped.CompleteAdding();
            await running;
        }

        // In memory a stopping service decides its open windows; with shared state it leaves them to whoever goes on.
        Assert.Empty(Correlations(first));
        await using var again = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
        var successor = ServicePipeline(pack, second, NullLoggerFactory.Instance, shared: (again, prefix));
        var resumed = successor.RunAsync(CancellationToken.None);
        await Submit(successor, "3.json", SeedEvents.At(SeedEvents.Background("b-1"), "2024-01-15T11:30:00Z"));
        await Eventually.TrueAsync(() => Correlations(second).Count > 0, "the correlation decided by the successor");
        successor.CompleteAdding();
        await resumed;

        Assert.Equal(["l-1", "v-1"], Assert.Single(Correlations(second)).EventIds);
    }

    private static List<Detection.Alerts.Alert> Correlations(params RecordingSink[] sinks) =>
        [.. sinks.SelectMany(s => s.Accepted).Where(a => a.RuleId == CorrelationId)];

    [Fact]
    public async Task Service_CorrelationMatchAnExceptionSilences_IsCountedOnTheExceptionMeterAndLogged_NotDelivered()
    {
        var logs = new CapturingLoggerProvider();
        using var loggers = logs.CreateFactory();
        using var meter = new SuppressionMeter("critical-bucket-owned");
        var sink = new RecordingSink();
        var pack = LoadPack();
        var tuningFile = Path.Combine(_dir, "tuning.yml");
        File.WriteAllText(tuningFile, $"""
            tuning:
              - rules: {CorrelationId}
                severity: critical
                exceptions:
                  - name: critical-bucket-owned
                    reason: The bucket's owner switches its protections during migrations
                    owner: storage-team@example.com
                    condition:
                      field: requestParameters.bucketName
                      equals: critical-data-bucket
            """);
        var errors = new List<RuleLoadError>();
        var (_, tuning) = CorrelationTuning.Split(TuningLoader.LoadFiles([tuningFile]), pack, TimeProvider.System, errors);
        Assert.Empty(errors);
        var pipeline = ServicePipeline(pack, sink, loggers, tuning);
        var running = pipeline.RunAsync(CancellationToken.None);

        await Submit(pipeline, "1.json", SeedEvents.At(SeedEvents.LoggingDisabled("l-1"), "2024-01-15T10:00:00Z"), SeedEvents.At(SeedEvents.VersioningSuspended("v-1"), "2024-01-15T10:10:00Z"));
        pipeline.CompleteAdding();
        await running;

        Assert.DoesNotContain(sink.Accepted, a => a.RuleId == CorrelationId);
        Assert.Equal(1, meter.Count(CorrelationId));
        Assert.Contains(logs.Entries, e => e.Text.Contains($"Match of {CorrelationId} on event l-1", StringComparison.Ordinal) && e.Text.Contains("silenced by exception critical-bucket-owned", StringComparison.Ordinal));
    }

    private static string Key(string account, string stamp) =>
        $"AWSLogs/{account}/CloudTrail/us-west-2/2024/01/15/{account}_CloudTrail_us-west-2_{stamp}_x.json";

    // The service's wiring: allowed lateness 30 minutes, dedup off so every alert reaches the sink as raised.
    private static DetectionPipeline ServicePipeline(RulePack pack, RecordingSink sink, ILoggerFactory loggers, CorrelationTuningSet? tuning = null, (IConnectionMultiplexer, string)? shared = null)
    {
        var metrics = TestMetrics.Create();
        var options = new PipelineOptions { ChannelCapacity = 8, ReaderParallelism = 1, EvaluationParallelism = 1, BatchSize = 4 };
        var correlator = Correlator.ForService(pack.Correlations, new CorrelationServiceOptions { AllowedLatenessMinutes = 30 }, metrics, TimeProvider.System, loggers.CreateLogger<Correlator>(), tuning, shared);
        return new DetectionPipeline(new RecordEvaluator(pack.Rules.Enabled) { Projections = pack.Correlations.Projections }, Routers.Disabled(), new AlertDispatcher([sink], NullLogger<AlertDispatcher>.Instance), options, metrics, TimeProvider.System, NullLogger<DetectionPipeline>.Instance, correlator);
    }

    private RulePack LoadPack()
    {
        var rules = Path.Combine(_dir, "rules");
        Directory.CreateDirectory(rules);
        foreach (var name in new[] { "s3_bucket_logging_disabled.yml", "s3_bucket_versioning_suspended.yml" })
        {
            File.Copy(Path.Combine(AppContext.BaseDirectory, "rules", "aws", "s3", name), Path.Combine(rules, name));
        }

        File.WriteAllText(Path.Combine(rules, "correlation.yml"), $"""
            title: Logging and versioning switched off on one bucket
            id: {CorrelationId}
            level: high
            correlation:
              type: temporal
              rules: [{SeedEvents.RuleId}, AWS.S3.SuspendVersioning]
              group-by: [requestParameters.bucketName]
              timespan: 1h
            generate: true
            """);
        return RulePackLoader.LoadDirectories([rules], [], RuleTests.Skip);
    }

    private static async Task Submit(DetectionPipeline pipeline, string name, params JsonNode[] records)
    {
        var work = await pipeline.SubmitAsync(PipelineHarness.InMemory(name, TrailFiles.Document(records)), CancellationToken.None);
        await work.Completion;
    }
}
