using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using TrailWatcher.Hosting;
using TrailWatcher.Rules;

namespace TrailWatcher.Cli;

/// <summary>The <c>run</c> verb: the long-running service.</summary>
internal static partial class RunCommand
{
    public static async Task<int> RunAsync(string[] hostArgs, RuleSources extraRules)
    {
        var (app, problems) = ServiceHost.Build(hostArgs, extraRules);
        if (app is null)
        {
            await Console.Error.WriteLineAsync($"error: invalid configuration:{Environment.NewLine}  {string.Join(Environment.NewLine + "  ", problems)}").ConfigureAwait(false);
            return ExitCodes.ConfigurationError;
        }

        await using (app.ConfigureAwait(false))
        {
            try
            {
                await app.StartAsync().ConfigureAwait(false);
            }
            catch (IOException ex)
            {
                await Console.Error.WriteLineAsync($"error: cannot serve metrics and health (TrailWatcher:Metrics:BindAddress / Port): {ex.Message}").ConfigureAwait(false);
                return ExitCodes.ConfigurationError;
            }

            var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
            foreach (var address in addresses)
            {
                LogServing(app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("TrailWatcher"), address);
            }

            await app.WaitForShutdownAsync().ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving /metrics, /healthz and /readyz on {Address}")]
    private static partial void LogServing(ILogger logger, string address);
}
