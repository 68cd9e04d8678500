using Amazon.S3;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using StackExchange.Redis;
using TrailWatcher.Alerting;
using TrailWatcher.Configuration;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Integrity;
using TrailWatcher.Pipeline;
using TrailWatcher.Sources.S3;
using TrailWatcher.Sources.Sqs;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Hosting;

/// <summary>Registers continuous log file integrity (<c>TrailWatcher:Integrity</c>) for the SQS source; nothing of it runs when it is off.</summary>
internal static class IntegrityServiceCollectionExtensions
{
    public static IServiceCollection AddTrailWatcherIntegrity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCheckedOptions<IntegrityOptions>(configuration, IntegrityOptions.Section);
        // Read raw, as the host is built before validation reports bad values: off unless it says true.
        if (!bool.TryParse(configuration[$"{IntegrityOptions.Section}:{nameof(IntegrityOptions.Enabled)}"], out var enabled) || !enabled)
        {
            return services;
        }

        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<IIntegrityState>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<IntegrityOptions>>().Value;
            var dedup = sp.GetService<IOptions<DedupOptions>>()?.Value;
            // Shared with the dedup store when replicas share Redis: the replica that read a file may not get its digest.
            return dedup is { UsesRedis: true }
                ? new RedisIntegrityState(sp.GetRequiredService<IConnectionMultiplexer>(), dedup.KeyPrefix, options.LedgerRetention)
                : new InMemoryIntegrityState(options.LedgerRetention, sp.GetRequiredService<TimeProvider>());
        });
        services.TryAddSingleton(sp => new IntegrityRules(sp.GetRequiredService<RuleSet>()));
        services.TryAddSingleton(sp => new DeliveryGapTracker(
            sp.GetRequiredService<IIntegrityState>(),
            sp.GetRequiredService<IntegrityRules>(),
            sp.GetRequiredService<IOptions<IntegrityOptions>>().Value,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DeliveryGapTracker>>()));
        services.TryAddSingleton(sp =>
        {
            var pipeline = sp.GetRequiredService<DetectionPipeline>();
            var opener = sp.GetRequiredService<S3ObjectOpener>();
            var options = sp.GetRequiredService<IOptions<IntegrityOptions>>().Value;
            return new DigestValidator(
                new S3TrailObjectStore(sp.GetRequiredService<IAmazonS3>(), sp.GetRequiredService<IOptions<S3Options>>().Value),
                PublicKeySource.FromFile(options.PublicKeysFile!),
                sp.GetRequiredService<IIntegrityState>(),
                sp.GetRequiredService<IntegrityRules>(),
                sp.GetRequiredService<DeliveryGapTracker>(),
                async (reference, ct) => await (await pipeline.SubmitAsync(opener.Describe(reference) with { Hashed = true }, ct).ConfigureAwait(false)).Completion.ConfigureAwait(false),
                pipeline.RaiseAsync,
                options,
                sp.GetRequiredService<TrailWatcherMetrics>(),
                sp.GetRequiredService<TimeProvider>(),
                sp.GetRequiredService<ILogger<DigestValidator>>());
        });
        services.TryAddSingleton(sp =>
        {
            var validator = sp.GetRequiredService<DigestValidator>();
            return new DigestHook(validator.ValidateAsync, validator.RecordAsync);
        });
        services.AddHostedService<IntegrityGapService>();
        return services;
    }
}
