using Amazon.S3;
using Amazon.SQS;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrailWatcher.Alerting;
using TrailWatcher.Aws;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Health;
using TrailWatcher.Pipeline;
using TrailWatcher.Sinks;
using TrailWatcher.Sources;
using TrailWatcher.Sources.S3;
using TrailWatcher.Sources.Sqs;
using TrailWatcher.Telemetry;
using TrailWatcher.Detection.Evaluation;

namespace TrailWatcher.Hosting;

/// <summary>Registers TrailWatcher's parts, one concern per method; each is safe to call twice.</summary>
internal static class ServiceCollectionExtensions
{
    public static IServiceCollection AddTrailWatcherPipeline(this IServiceCollection services, IConfiguration configuration, RuleSet rules)
    {
        AddValidated<PipelineOptions>(services, configuration, PipelineOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(rules);
        services.AddMetrics();
        services.TryAddSingleton<TrailWatcherMetrics>();
        services.TryAddSingleton(sp => new RunningTotals(sp.GetRequiredService<TrailWatcherMetrics>()));
        services.TryAddSingleton(sp => new DetectionPipeline(
            RecordEvaluator.ForEnabled(sp.GetRequiredService<RuleSet>()),
            sp.GetRequiredService<AlertRouter>(),
            sp.GetRequiredService<AlertDispatcher>(),
            sp.GetRequiredService<IOptions<PipelineOptions>>().Value,
            sp.GetRequiredService<TrailWatcherMetrics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DetectionPipeline>>()));
        return services;
    }

    public static IServiceCollection AddTrailWatcherAlerting(this IServiceCollection services, IConfiguration configuration)
    {
        AddValidated<DedupOptions>(services, configuration, DedupOptions.Section);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IDedupStore>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<DedupOptions>>().Value;
            return options.UsesRedis ? RedisDedupStore.Connect(options.Redis!, options.KeyPrefix) : new InMemoryDedupStore(options.MaxGroups);
        });
        services.TryAddSingleton(sp => new AlertRouter(
            sp.GetRequiredService<IDedupStore>(),
            sp.GetRequiredService<IOptions<DedupOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<AlertRouter>>()));
        return services;
    }

    public static IServiceCollection AddTrailWatcherSinks(this IServiceCollection services, IConfiguration configuration)
    {
        if (Checklist(services).Add<SinkOptions>())
        {
            BindTolerantly<SinkOptions>(services, configuration, SinkOptions.Section);
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<SinkOptions>, SinkOptionsValidator>());
        }

        // The SQS sink reaches AWS like the source does; in directory mode this is its only use.
        AddValidated<AwsOptions>(services, configuration, AwsOptions.Section);
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
                sp.GetRequiredService<ILoggerFactory>());
            sp.GetService<TrailWatcherMetrics>()?.ObserveSinks(() => dispatcher.Statuses);
            return dispatcher;
        });
        return services;
    }

    public static IServiceCollection AddTrailWatcherHealth(this IServiceCollection services, IConfiguration configuration)
    {
        AddValidated<HealthOptions>(services, configuration, HealthOptions.Section);
        AddValidated<MetricsOptions>(services, configuration, MetricsOptions.Section);
        services.TryAddSingleton<Heartbeat>();
        services.AddHealthChecks()
            .AddCheck<LivenessHealthCheck>("pipeline", tags: ["live"])
            .AddCheck<ReadinessHealthCheck>("dependencies", tags: ["ready"]);
        return services;
    }

    public static IServiceCollection AddTrailWatcherSqsSource(this IServiceCollection services, IConfiguration configuration)
    {
        AddValidated<AwsOptions>(services, configuration, AwsOptions.Section);
        AddValidated<S3Options>(services, configuration, S3Options.Section);
        AddValidated<SqsSourceOptions>(services, configuration, SqsSourceOptions.Section);
        services.TryAddSingleton<IAmazonS3>(sp => AwsClientFactory.CreateS3(sp.GetRequiredService<IOptions<AwsOptions>>().Value, sp.GetRequiredService<IOptions<S3Options>>().Value.ForcePathStyle));
        services.TryAddSingleton<IAmazonSQS>(sp => AwsClientFactory.CreateSqs(sp.GetRequiredService<IOptions<AwsOptions>>().Value));
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
        AddValidated<DirectorySourceOptions>(services, configuration, DirectorySourceOptions.Section);
        services.TryAddSingleton<DirectoryPoller>();
        services.TryAddSingleton<ISourceReadiness, DirectoryReadiness>();
        services.AddHostedService<DirectorySourceService>();
        return services;
    }

    // Binds a section and checks it at start, each failure named by its full setting. Once per type: several
    // concerns share a section (the SQS source and the SQS sink both need TrailWatcher:Aws), and a second binding
    // would report each of its problems twice.
    internal static void AddValidated<TOptions>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
    {
        if (!Checklist(services).Add<TOptions>())
        {
            return;
        }

        BindTolerantly<TOptions>(services, configuration, section);
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>>(new SectionValidator<TOptions>(section)));
    }

    private static void BindTolerantly<TOptions>(IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
    {
        services.AddOptionsWithValidateOnStart<TOptions>().Configure(options => TolerantBinder.Bind(configuration.GetSection(section), options));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TolerantBinder.Validator<TOptions>>());
    }

    private static OptionsChecklist Checklist(IServiceCollection services)
    {
        var checklist = (OptionsChecklist?)services.FirstOrDefault(d => d.ServiceType == typeof(OptionsChecklist))?.ImplementationInstance;
        if (checklist is null)
        {
            checklist = new OptionsChecklist();
            services.AddSingleton(checklist);
        }

        return checklist;
    }
}
