using Microsoft.Extensions.Logging;
using Polly;
using Polly.CircuitBreaker;
using Polly.Retry;
using TrailWatcher.Detection.Alerts;
using TrailWatcher.Sinks.Routing;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Sinks;

/// <summary>One sink behind its own resilience pipeline: per-attempt timeout, endless back-off retries, circuit breaker; counts what it delivered.</summary>
/// <remarks>
/// Alerts go in chunks of the sink's <see cref="IAlertSink.MaxBatchSize"/>, each chunk retried on its own, so a chunk
/// the destination accepted is never sent again because a later one failed. Retries stop only when the caller's
/// token fires: a destination that is down holds delivery (and so, through the bounded channels, reading) back
/// instead of failing objects, which during an outage would send every notification to the dead-letter queue.
/// </remarks>
internal sealed partial class ResilientSink : IAsyncDisposable
{
    private static readonly TimeSpan MaxServerDelay = TimeSpan.FromMinutes(5);

    private readonly ResiliencePipeline _pipeline;
    private readonly CircuitBreakerStateProvider? _circuit;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _delivered;
    private long _failed;
    private long _lastErrorTicks;

    private ResilientSink(IAlertSink sink, ResiliencePipeline? pipeline, CircuitBreakerStateProvider? circuit, TimeProvider time, ILogger logger, bool includeSignals, AlertRoute? route = null)
    {
        Sink = sink;
        IncludeSignals = includeSignals;
        Route = route ?? AlertRoute.All;
        _pipeline = pipeline ?? ResiliencePipeline.Empty;
        _circuit = circuit;
        _time = time;
        _logger = logger;
    }

    public IAlertSink Sink { get; }

    /// <summary>True when the sink takes signals; the dispatcher leaves them out otherwise.</summary>
    public bool IncludeSignals { get; }

    /// <summary>Which alerts the sink takes; the dispatcher leaves the others out.</summary>
    public AlertRoute Route { get; }

    /// <summary>True when failures make the first attempt of a delivery throw; the <c>scan</c> verb wants that, the service does not.</summary>
    public bool FailsFast => _circuit is null;

    public SinkStatus Status
    {
        get
        {
            var ticks = Interlocked.Read(ref _lastErrorTicks);
            return new SinkStatus(
                Sink.Name,
                _circuit is { } circuit && circuit.CircuitState != CircuitState.Closed,
                Interlocked.Read(ref _delivered),
                Interlocked.Read(ref _failed),
                ticks == 0 ? null : new DateTimeOffset(ticks, TimeSpan.Zero));
        }
    }

    // An open circuit says when it will let a trial through, and a rate-limited destination says when to come back:
    // wait for that rather than spin on rejections. A destination's own figure is capped so that a bogus header
    // cannot park delivery for hours.
    private static TimeSpan? ServerDelay(Exception? failure) => failure switch
    {
        BrokenCircuitException { RetryAfter: { } after } => after > TimeSpan.Zero ? after : TimeSpan.FromMilliseconds(10),
        AlertSinkException { RetryAfter: { } asked } => TimeSpan.FromTicks(Math.Clamp(asked.Ticks, TimeSpan.FromMilliseconds(10).Ticks, MaxServerDelay.Ticks)),
        _ => null,
    };

    /// <summary>No retries: the first failure is the caller's to handle.</summary>
    public static ResilientSink FailFast(IAlertSink sink, TimeProvider time, ILogger logger, bool includeSignals = true) => new(sink, null, null, time, logger, includeSignals);

    /// <summary>A sink with the resilience, signal and route settings of its section.</summary>
    public static ResilientSink Create(IAlertSink sink, AlertSinkOptions options, TimeProvider time, ILogger logger) =>
        Create(sink, options.Resilience, time, logger, options.IncludeSignals, AlertRoute.From(options.Route));

    public static ResilientSink Create(IAlertSink sink, SinkResilienceOptions options, TimeProvider time, ILogger logger, bool includeSignals = false, AlertRoute? route = null)
    {
        var circuit = new CircuitBreakerStateProvider();
        ResilientSink? self = null;
        var pipeline = new ResiliencePipelineBuilder { TimeProvider = time }
            .AddRetry(new RetryStrategyOptions
            {
                MaxRetryAttempts = int.MaxValue,
                BackoffType = DelayBackoffType.Exponential,
                UseJitter = true,
                Delay = TimeSpan.FromSeconds(options.RetryDelaySeconds),
                MaxDelay = TimeSpan.FromSeconds(Math.Max(options.RetryDelaySeconds, options.MaxRetryDelaySeconds)),
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome.Exception, args.Context.CancellationToken)),
                DelayGenerator = args => ValueTask.FromResult(ServerDelay(args.Outcome.Exception)),
                OnRetry = args =>
                {
                    if (args.Outcome.Exception is not BrokenCircuitException)
                    {
                        LogRetry(logger, sink.Name, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds, args.Outcome.Exception?.Message);
                    }

                    return ValueTask.CompletedTask;
                },
            })
            .AddCircuitBreaker(new CircuitBreakerStrategyOptions
            {
                FailureRatio = options.FailureRatio,
                SamplingDuration = TimeSpan.FromSeconds(options.SamplingDurationSeconds),
                MinimumThroughput = options.MinimumThroughput,
                BreakDuration = TimeSpan.FromSeconds(options.BreakDurationSeconds),
                StateProvider = circuit,
                ShouldHandle = args => ValueTask.FromResult(IsFailure(args.Outcome.Exception, args.Context.CancellationToken)),
                OnOpened = args =>
                {
                    self!.ReportOpened(args.Outcome.Exception, args.BreakDuration);
                    return ValueTask.CompletedTask;
                },
                OnClosed = _ =>
                {
                    LogRecovered(logger, sink.Name);
                    return ValueTask.CompletedTask;
                },
            })
            .AddTimeout(TimeSpan.FromSeconds(options.AttemptTimeoutSeconds))
            .Build();
        self = new ResilientSink(sink, pipeline, circuit, time, logger, includeSignals, route);
        return self;
    }

    /// <summary>Returns once the sink accepted every alert; throws only when cancelled or, when <see cref="FailsFast"/>, on the first failure.</summary>
    public async ValueTask DeliverAsync(IReadOnlyList<Alert> alerts, CancellationToken cancellationToken)
    {
        var chunk = Math.Max(1, Sink.MaxBatchSize);
        for (var start = 0; start < alerts.Count; start += chunk)
        {
            IReadOnlyList<Alert> pending = chunk >= alerts.Count ? alerts : alerts.Skip(start).Take(chunk).ToArray();
            await _pipeline.ExecuteAsync(
                async token =>
                {
                    var attempt = pending;
                    try
                    {
                        await Sink.WriteAsync(attempt, token).ConfigureAwait(false);
                        Interlocked.Add(ref _delivered, attempt.Count);
                    }
                    catch (PartialDeliveryException partial)
                    {
                        // What was accepted stays accepted: the next attempt carries only the rest.
                        Interlocked.Add(ref _delivered, attempt.Count - partial.Undelivered.Count);
                        pending = partial.Undelivered;
                        RecordFailure();
                        throw;
                    }
                    catch (Exception ex) when (IsFailure(ex, cancellationToken))
                    {
                        RecordFailure();
                        throw;
                    }
                },
                cancellationToken).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        switch (Sink)
        {
            case IAsyncDisposable asyncDisposable:
                await asyncDisposable.DisposeAsync().ConfigureAwait(false);
                break;
            case IDisposable disposable:
                disposable.Dispose();
                break;
        }
    }

    // Anything but the caller giving up counts: a timeout, a refused request, an exception from the sink's own client.
    private static bool IsFailure(Exception? exception, CancellationToken cancellationToken) =>
        exception is not null && !(exception is OperationCanceledException && cancellationToken.IsCancellationRequested);

    private void RecordFailure()
    {
        Interlocked.Increment(ref _failed);
        Interlocked.Exchange(ref _lastErrorTicks, _time.GetUtcNow().UtcTicks);
    }

    // Once per opening, not per attempt: a sink down for an hour logs a line per break, not one per retry.
    private void ReportOpened(Exception? exception, TimeSpan breakDuration)
    {
        var reason = (exception as PartialDeliveryException)?.InnerException ?? exception;
        if (reason is AlertSinkException { Permanent: true })
        {
            LogRejected(_logger, Sink.Name, reason.Message, breakDuration.TotalSeconds);
        }
        else
        {
            LogOpened(_logger, Sink.Name, reason?.Message ?? "unknown failure", breakDuration.TotalSeconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Debug, Message = "Alert sink {Sink}: attempt failed ({Reason}); retry {Attempt} in {DelayMs:F0} ms")]
    private static partial void LogRetry(ILogger logger, string sink, int attempt, double delayMs, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Alert sink {Sink} is failing ({Reason}); circuit open for {BreakSeconds:F1} s. Alerts wait and are retried until it recovers; reading slows meanwhile")]
    private static partial void LogOpened(ILogger logger, string sink, string reason, double breakSeconds);

    [LoggerMessage(Level = LogLevel.Error, Message = "Alert sink {Sink} rejects alerts ({Reason}); this needs a configuration or permission fix. Circuit open for {BreakSeconds:F1} s; alerts wait and are retried")]
    private static partial void LogRejected(ILogger logger, string sink, string reason, double breakSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Alert sink {Sink} recovered; delivery resumed")]
    private static partial void LogRecovered(ILogger logger, string sink);
}
