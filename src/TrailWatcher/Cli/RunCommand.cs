using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using TrailWatcher.Hosting;
using TrailWatcher.Rules;

namespace TrailWatcher.Cli;

/// <summary>The <c>run</c> verb: the long-running service.</summary>
internal static class RunCommand
{
    public static async Task<int> RunAsync(string[] hostArgs, IReadOnlyList<string> extraRuleDirectories)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { Args = hostArgs });
        // The defaults shipped beside the binary apply wherever the service is started from; a local file overrides them.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
            Optional = true,
            ReloadOnChange = false,
        });
        // Standard output carries alerts only.
        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);

        var configured = builder.Configuration.GetSection(RulesOptions.Section).Get<RulesOptions>() ?? new RulesOptions();
        Detection.Rules.RuleSet rules;
        try
        {
            rules = RuleCatalog.Load([.. configured.Directories, .. extraRuleDirectories]);
        }
        catch (Detection.Rules.RuleLoadException ex)
        {
            await Console.Error.WriteLineAsync($"error: the rules did not load:{Environment.NewLine}{ex.Message}").ConfigureAwait(false);
            return ExitCodes.ConfigurationError;
        }

        SourceKind source;
        try
        {
            source = builder.Configuration.GetValue("TrailWatcher:Source", SourceKind.Directory);
        }
        catch (InvalidOperationException ex)
        {
            await Console.Error.WriteLineAsync($"error: invalid configuration:{Environment.NewLine}  TrailWatcher:Source: '{builder.Configuration["TrailWatcher:Source"]}' is not one of {string.Join(", ", Enum.GetNames<SourceKind>())} ({ex.GetBaseException().Message})").ConfigureAwait(false);
            return ExitCodes.ConfigurationError;
        }

        builder.Services
            .AddTrailWatcherPipeline(builder.Configuration, rules)
            .AddTrailWatcherSinks(builder.Configuration);
        _ = source == SourceKind.Sqs
            ? builder.Services.AddTrailWatcherSqsSource(builder.Configuration)
            : builder.Services.AddTrailWatcherDirectorySource(builder.Configuration);

        using var host = builder.Build();
        try
        {
            // Every setting is checked, and every bad one reported, before any part of the service is built.
            host.Services.GetService<Microsoft.Extensions.Options.IStartupValidator>()?.Validate();
            await host.RunAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ConfigurationErrors.From(ex) is { Count: > 0 } failures)
        {
            await Console.Error.WriteLineAsync($"error: invalid configuration:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", failures)}").ConfigureAwait(false);
            return ExitCodes.ConfigurationError;
        }

        return ExitCodes.Success;
    }
}
