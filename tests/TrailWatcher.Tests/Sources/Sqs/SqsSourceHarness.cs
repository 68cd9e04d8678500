using Amazon.SQS.Model;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using TrailWatcher.Sources;
using TrailWatcher.Sources.S3;
using TrailWatcher.Sources.Sqs;
using TrailWatcher.Tests.Support;

namespace TrailWatcher.Tests.Sources.Sqs;

/// <summary>The SQS source as the service wires it (poller, handler, S3 opener, a running pipeline) over a fake queue, a fake bucket and a watched fake clock.</summary>
internal sealed class SqsSourceHarness : IAsyncDisposable
{
    private readonly CancellationTokenSource _hardStop = new();
    private readonly Task _running;

    public SqsSourceHarness(int maxConcurrentObjects = 4, IReadOnlyList<string>? allowedBuckets = null, DigestHook? digests = null)
    {
        Settings = new SqsSourceOptions { QueueUrl = FakeSqs.QueueUrl, VisibilityTimeoutSeconds = 30, MaxConcurrentObjects = maxConcurrentObjects };
        var metrics = TestMetrics.Create();
        Detection = new PipelineHarness(metrics: metrics);
        var opener = new S3ObjectOpener(S3, Options.Create(new S3Options { MaxRetries = 0, AllowedBuckets = [.. allowedBuckets ?? []] }), metrics, Clock, NullLogger<S3ObjectOpener>.Instance);
        Handler = new SqsMessageHandler(Sqs, opener, Detection.Pipeline, Options.Create(Settings), metrics, Clock, NullLogger<SqsMessageHandler>.Instance, digests);
        Heartbeat = new Heartbeat(Clock);
        Poller = new SqsPoller(Sqs, Handler, Options.Create(Settings), Heartbeat, Clock, NullLogger<SqsPoller>.Instance);
        Slots = new SemaphoreSlim(maxConcurrentObjects, maxConcurrentObjects);
        _running = Detection.Pipeline.RunAsync(_hardStop.Token);
    }

    public WatchedClock Clock { get; } = new();

    public FakeSqs Sqs { get; } = new();

    public FakeS3 S3 { get; } = new();

    public PipelineHarness Detection { get; }

    public SqsSourceOptions Settings { get; }

    public SqsMessageHandler Handler { get; }

    public SqsPoller Poller { get; }

    /// <summary>What the liveness check reads: the poller beats it on every turn.</summary>
    public Heartbeat Heartbeat { get; }

    /// <summary>The object slots the handler shares with the poller.</summary>
    public SemaphoreSlim Slots { get; }

    /// <summary>Cancelled when shutdown can wait no longer: in-flight objects are abandoned and their messages released.</summary>
    public CancellationToken HardStop => _hardStop.Token;

    /// <summary>How often the visibility of a message still being worked on is renewed: a third of its timeout.</summary>
    public TimeSpan ExtendEvery => TimeSpan.FromSeconds(Settings.VisibilityTimeoutSeconds / 3.0);

    public Task HandleAsync(Message message) => Handler.HandleAsync(message, Slots, _hardStop.Token);

    public Task StopHardAsync() => _hardStop.CancelAsync();

    public async ValueTask DisposeAsync()
    {
        await _hardStop.CancelAsync();
        Detection.Pipeline.CompleteAdding();
        await _running.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _hardStop.Dispose();
        Slots.Dispose();
        Sqs.Dispose();
        S3.Dispose();
    }
}
