using Amazon.S3;
using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrailWatcher.Accounts;
using TrailWatcher.Alerting;
using TrailWatcher.Aws;
using TrailWatcher.Configuration;
using TrailWatcher.Detection.Accounts;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Health;
using TrailWatcher.Pipeline;
using TrailWatcher.Sinks;
using TrailWatcher.Sinks.EventBridge;
using TrailWatcher.Sinks.Routing;
using TrailWatcher.Sources;
using TrailWatcher.Sources.S3;
using TrailWatcher.Sources.Sqs;
using TrailWatcher.Telemetry;
using TrailWatcher.Detection.Correlation;
using TrailWatcher.Detection.Evaluation;
using StackExchange.Redis;

namespace TrailWatcher.Hosting;

/// <summary>Registers TrailWatcher's parts, one concern per method; each is safe to call twice.</summary>
internal static class ServiceCollectionExtensions
{
    public static IServiceCollection AddTrailWatcherPipeline(this IServiceCollection services, IConfiguration configuration, RuleSet rules) =>
        services.AddTrailWatcherPipeline(configuration, rules, CorrelationSet.Empty, null);

    public static IServiceCollection AddTrailWatcherPipeline(this IServiceCollection services, IConfiguration configuration, RuleSet rules, CorrelationSet correlations, CorrelationTuningSet? correlationTuning)
    {
        services.AddCheckedOptions<PipelineOptions>(configuration, PipelineOptions.Section);
        services.AddCheckedOptions<CorrelationServiceOptions>(configuration, CorrelationServiceOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(rules);
        services.AddMetrics();
        services.TryAddSingleton<TrailWatcherMetrics>();
        services.TryAddSingleton(sp => new RunningTotals(sp.GetRequiredService<TrailWatcherMetrics>()));
        services.TryAddSingleton(sp => new DetectionPipeline(
            new RecordEvaluator(sp.GetRequiredService<RuleSet>().Enabled) { Accounts = sp.GetService<AccountDirectory>() ?? AccountDirectory.Empty, Projections = correlations.Projections },
            sp.GetRequiredService<AlertRouter>(),
            sp.GetRequiredService<AlertDispatcher>(),
            sp.GetRequiredService<IOptions<PipelineOptions>>().Value,
            sp.GetRequiredService<TrailWatcherMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DetectionPipeline>>(),
            Correlator.ForService(
                correlations,
                sp.GetRequiredService<IOptions<CorrelationServiceOptions>>().Value,
                sp.GetRequiredService<TrailWatcherMetrics>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<Correlator>>(),
                correlationTuning,
                SharedCorrelationState(sp))));
        return services;
    }

    public static IServiceCollection AddTrailWatcherAlerting(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<DedupOptions>(configuration, DedupOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDedupStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DedupOptions>>().Value;
            return options.UsesRedis ? new RedisDedupStore(sp.GetRequiredService<IConnectionMultiplexer>(), options.KeyPrefix) : new InMemoryDedupStore(options.MaxGroups);
        });

        // One connection for dedup groups and correlation state; it connects lazily, so a Redis down at start delays
        // counting rather than stopping the service.
        services.TryAddSingleton<IConnectionMultiplexer>(sp =>
        {
            var options = ConfigurationOptions.Parse(sp.GetRequiredService<IOptions<DedupOptions>>().Value.Redis!);
            options.AbortOnConnectFail = false;
            return ConnectionMultiplexer.Connect(options);
        });
        services.TryAddSingleton(sp => new AlertRouter(
            sp.GetRequiredService<IDedupStore>(),
            sp.GetRequiredService<IOptions<DedupOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AlertRouter>>()));
        return services;
    }

    // With TrailWatcher:Dedup:Redis set, correlations are shared by the replicas through Redis too.
    private static (IConnectionMultiplexer, string)? SharedCorrelationState(IServiceProvider sp) =>
        sp.GetService<IOptions<DedupOptions>>()?.Value is { UsesRedis: true } dedup
            ? (sp.GetRequiredService<IConnectionMultiplexer>(), dedup.KeyPrefix)
            : null;

    public static IServiceCollection AddTrailWatcherSinks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions(configuration, SinkOptions.Section, new SinkOptionsValidator());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SinkOptions>>(new EventBridgeRegionValidator(configuration)));
        // A route may name environments; with no TrailWatcher:Accounts (none registered) every such name is unknown.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SinkOptions>, AccountRouteValidator>(
            sp => new AccountRouteValidator(sp.GetService<AccountDirectory>() ?? AccountDirectory.Empty)));

        // The SQS sink reaches AWS like the source does; in directory mode this is its only use.
        services.AddCheckedOptions<AwsOptions>(configuration, AwsOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(sp =>
        {
            var dispatcher = SinkFactory.Create(
                sp.GetRequiredService<IOptions<SinkOptions>>().Value,
                Console.OpenStandardOutput,
                // The worker's client when it registered one (sqs source); otherwise the sink builds its own.
                sp.GetService<IAmazonSQS>(),
                () => AwsClientFactory.CreateSqs(sp.GetRequiredService<IOptions<AwsOptions>>().Value),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILoggerFactory>(),
                sp.GetRequiredService<IOptions<AwsOptions>>().Value,
                sp.GetService<AccountDirectory>());
            sp.GetService<TrailWatcherMetrics>()?.ObserveSinks(() => dispatcher.Statuses);
            return dispatcher;
        });
        return services;
    }

    /// <summary>The accounts read from <c>TrailWatcher:Accounts</c> (see <see cref="AccountCatalog"/>): rules, alerts and routes name accounts by them.</summary>
    public static IServiceCollection AddTrailWatcherAccounts(this IServiceCollection services, AccountDirectory accounts)
    {
        services.TryAddSingleton(accounts);
        return services;
    }

    public static IServiceCollection AddTrailWatcherHealth(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<HealthOptions>(configuration, HealthOptions.Section);
        services.AddCheckedOptions<MetricsOptions>(configuration, MetricsOptions.Section);
        services.TryAddSingleton<Heartbeat>();
        services.AddHealthChecks()
            .AddCheck<LivenessHealthCheck>("pipeline", tags: ["live"])
            .AddCheck<ReadinessHealthCheck>("dependencies", tags: ["ready"]);
        return services;
    }

    public static IServiceCollection AddTrailWatcherSqsSource(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<AwsOptions>(configuration, AwsOptions.Section);
        services.AddCheckedOptions<S3Options>(configuration, S3Options.Section);
        services.AddCheckedOptions<SqsSourceOptions>(configuration, SqsSourceOptions.Section);
        services.TryAddSingleton<IAmazonS3>(sp => AwsClientFactory.CreateS3(sp.GetRequiredService<IOptions<AwsOptions>>().Value, sp.GetRequiredService<IOptions<S3Options>>().Value.ForcePathStyle));
        services.TryAddSingleton<IAmazonSQS>(sp => AwsClientFactory.CreateSqs(sp.GetRequiredService<IOptions<AwsOptions>>().Value));
        services.TryAddSingleton<Heartbeat>();
        services.TryAddSingleton<S3ObjectOpener>();
        services.TryAddSingleton<SqsMessageHandler>();
        services.TryAddSingleton<SqsPoller>();
        services.TryAddSingleton<QueueMonitor>();
        services.TryAddSingleton<ISourceReadiness, SqsReadiness>();
        services.AddHostedService<SqsSourceService>();
        // The host must wait longer than the grace period it gives in-flight objects, or it would cut them off.
        // Read raw, not through the validated options: the host is built before validation reports bad values.
        var grace = int.TryParse(configuration[$"{SqsSourceOptions.Section}:{nameof(SqsSourceOptions.ShutdownGraceSeconds)}"], System.Globalization.CultureInfo.InvariantCulture, out var configured)
            ? Math.Clamp(configured, 0, 3_600)
            : new SqsSourceOptions().ShutdownGraceSeconds;
        services.Configure<HostOptions>(host => host.ShutdownTimeout = TimeSpan.FromSeconds(grace + 15));
        return services;
    }

    public static IServiceCollection AddTrailWatcherDirectorySource(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<DirectorySourceOptions>(configuration, DirectorySourceOptions.Section);
        services.TryAddSingleton<Heartbeat>();
        services.TryAddSingleton<DirectoryPoller>();
        services.TryAddSingleton<ISourceReadiness, DirectoryReadiness>();
        services.AddHostedService<DirectorySourceService>();
        return services;
    }
}
