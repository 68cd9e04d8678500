using System.Net;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Console;
using OpenTelemetry.Metrics;
using TrailWatcher.Accounts;
using TrailWatcher.Configuration;
using TrailWatcher.Detection.Correlation;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Rules;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Hosting;

/// <summary>Builds the long-running service: configuration, rules, the chosen source, sinks, metrics and health endpoints.</summary>
internal static class ServiceHost
{
    /// <summary>Builds the application, or returns every configuration problem found on the way.</summary>
    public static (WebApplication? App, IReadOnlyList<string> Problems) Build(string[] args, RuleSources extraRules)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args });
        // The defaults shipped beside the binary apply wherever the service is started from; a local file overrides them.
        builder.Configuration.Sources.Insert(0, new Microsoft.Extensions.Configuration.Json.JsonConfigurationSource
        {
            Path = Path.Combine(AppContext.BaseDirectory, "appsettings.json"),
            Optional = true,
            ReloadOnChange = false,
        });
        ConfigureLogging(builder);
        builder.Services.AddSystemd();

        var problems = new List<string>();
        var rules = RuleCatalog.LoadForService(builder.Configuration, extraRules, problems);
        var accounts = AccountCatalog.Load(builder.Configuration, problems);

        SourceKind source = SourceKind.Directory;
        try
        {
            source = builder.Configuration.GetValue("TrailWatcher:Source", SourceKind.Directory);
        }
        catch (InvalidOperationException)
        {
            problems.Add($"TrailWatcher:Source: '{builder.Configuration["TrailWatcher:Source"]}' is not one of {string.Join(", ", Enum.GetNames<SourceKind>())}");
        }

        builder.Services
            .AddTrailWatcherPipeline(builder.Configuration, rules?.Rules ?? new RuleSet([]), rules?.Correlations ?? CorrelationSet.Empty, rules?.CorrelationTuning)
            .AddTrailWatcherAlerting(builder.Configuration)
            .AddTrailWatcherSinks(builder.Configuration)
            .AddTrailWatcherHealth(builder.Configuration);
        builder.Services.AddTrailWatcherAccounts(accounts);
        _ = source == SourceKind.Sqs
            ? builder.Services.AddTrailWatcherSqsSource(builder.Configuration).AddTrailWatcherIntegrity(builder.Configuration)
            : builder.Services.AddTrailWatcherDirectorySource(builder.Configuration);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddMeter(TrailWatcherMetrics.MeterName, "System.Runtime")
            .AddPrometheusExporter());

        MetricsOptions metricsOptions;
        try
        {
            metricsOptions = builder.Configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
        }
        catch (InvalidOperationException)
        {
            // Reported by the start validator below; only the endpoint setup needs a value now.
            metricsOptions = new MetricsOptions { Enabled = false };
        }
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            if (metricsOptions.Enabled && IPAddress.TryParse(metricsOptions.BindAddress, out var address) && metricsOptions.Port is >= 0 and <= 65_535)
            {
                kestrel.Listen(address, metricsOptions.Port);
            }
        });
        if (!metricsOptions.Enabled)
        {
            // No endpoint at all: Kestrel would otherwise fall back to its default port.
            builder.WebHost.UseUrls();
            builder.WebHost.UseSetting(WebHostDefaults.PreventHostingStartupKey, "true");
        }

        var app = builder.Build();
        RuleCatalog.LogWarnings(rules, app.Services.GetRequiredService<ILoggerFactory>());
        // Every setting is checked, and every bad one reported, before any part of the service starts.
        problems.AddRange(app.Services.GetRequiredService<OptionsChecklist>().Problems(app.Services));

        if (problems.Count > 0)
        {
            ((IDisposable)app).Dispose();
            return (null, problems);
        }

        if (metricsOptions.Enabled)
        {
            app.MapPrometheusScrapingEndpoint("/metrics");
            app.MapHealthChecks("/healthz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("live"), ResponseWriter = WriteHealthAsync });
            app.MapHealthChecks("/readyz", new HealthCheckOptions { Predicate = c => c.Tags.Contains("ready"), ResponseWriter = WriteHealthAsync });
        }

        return (app, problems);
    }

    private static void ConfigureLogging(WebApplicationBuilder builder)
    {
        builder.Logging.ClearProviders();
        // Standard output carries alerts only; logs go to standard error. JSON lines for log shippers, plain text on a terminal.
        var formatter = builder.Configuration["Logging:Console:FormatterName"];
        if (formatter is null && Console.IsErrorRedirected)
        {
            builder.Logging.AddJsonConsole(o =>
            {
                o.IncludeScopes = true;
                o.UseUtcTimestamp = true;
                o.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ";
            });
        }
        else if (formatter is null)
        {
            builder.Logging.AddSimpleConsole(o =>
            {
                o.IncludeScopes = true;
                o.SingleLine = true;
                o.TimestampFormat = "HH:mm:ss ";
            });
        }
        else
        {
            builder.Logging.AddConsole();
        }

        builder.Services.Configure<ConsoleLoggerOptions>(o => o.LogToStandardErrorThreshold = LogLevel.Trace);
    }

    // Written with the writer, not JsonSerializer: the shipped build is compiled ahead of time, without reflection-based serialization.
    private static Task WriteHealthAsync(HttpContext context, HealthReport report)
    {
        context.Response.ContentType = "application/json";
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("status", report.Status.ToString());
            writer.WriteStartObject("checks");
            foreach (var (name, entry) in report.Entries)
            {
                writer.WriteStartObject(name);
                writer.WriteString("status", entry.Status.ToString());
                writer.WriteString("description", entry.Description ?? "");
                writer.WriteEndObject();
            }

            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        return context.Response.Body.WriteAsync(buffer.WrittenMemory).AsTask();
    }
}
