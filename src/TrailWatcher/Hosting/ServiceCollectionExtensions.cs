using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Pipeline;
using TrailWatcher.Sinks;
using TrailWatcher.Sources;

namespace TrailWatcher.Hosting;

/// <summary>Registers TrailWatcher's parts, one concern per method; each is safe to call twice.</summary>
internal static class ServiceCollectionExtensions
{
    public static IServiceCollection AddTrailWatcherPipeline(this IServiceCollection services, IConfiguration configuration, RuleSet rules)
    {
        services.AddOptionsWithValidateOnStart<PipelineOptions>()
            .Bind(configuration.GetSection(PipelineOptions.Section));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PipelineOptions>>(new SectionValidator<PipelineOptions>(PipelineOptions.Section)));
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton(rules);
        services.TryAddSingleton<PipelineStatistics>();
        services.TryAddSingleton(sp => new DetectionPipeline(
            sp.GetRequiredService<RuleSet>().Index,
            sp.GetRequiredService<AlertDispatcher>(),
            sp.GetRequiredService<IOptions<PipelineOptions>>().Value,
            sp.GetRequiredService<PipelineStatistics>(),
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<DetectionPipeline>>()));
        return services;
    }

    public static IServiceCollection AddTrailWatcherSinks(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<SinkOptions>()
            .Bind(configuration.GetSection(SinkOptions.Section))
            .Validate(o => o.Console.Enabled || !string.IsNullOrWhiteSpace(o.File.Path), "TrailWatcher:Sinks: no sink is enabled; set TrailWatcher:Sinks:Console:Enabled=true or TrailWatcher:Sinks:File:Path");
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<SinkOptions>>().Value;
            var sinks = new List<IAlertSink>();
            if (options.Console.Enabled)
            {
                sinks.Add(new ConsoleAlertSink(Console.OpenStandardOutput()));
            }

            if (!string.IsNullOrWhiteSpace(options.File.Path))
            {
                sinks.Add(new FileAlertSink(options.File.Path));
            }

            return new AlertDispatcher(sinks, sp.GetRequiredService<ILogger<AlertDispatcher>>());
        });
        return services;
    }

    public static IServiceCollection AddTrailWatcherDirectorySource(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptionsWithValidateOnStart<DirectorySourceOptions>()
            .Bind(configuration.GetSection(DirectorySourceOptions.Section));
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<DirectorySourceOptions>>(new SectionValidator<DirectorySourceOptions>(DirectorySourceOptions.Section)));
        services.TryAddSingleton<DirectoryPoller>();
        services.AddHostedService<DirectorySourceService>();
        return services;
    }
}
