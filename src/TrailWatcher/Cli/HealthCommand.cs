using Microsoft.Extensions.Configuration;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Cli;

/// <summary>The <c>health</c> verb: asks a running service's /healthz, for container HEALTHCHECKs that have no curl.</summary>
internal static class HealthCommand
{
    public static async Task<int> RunAsync(string? url, TextWriter output)
    {
        if (url is null)
        {
            var configuration = new ConfigurationBuilder()
                .AddJsonFile(Path.Combine(AppContext.BaseDirectory, "appsettings.json"), optional: true)
                .AddJsonFile("appsettings.json", optional: true)
                .AddEnvironmentVariables()
                .Build();
            var metrics = configuration.GetSection(MetricsOptions.Section).Get<MetricsOptions>() ?? new MetricsOptions();
            // A service bound to every address answers on loopback too.
            var host = metrics.BindAddress is "0.0.0.0" or "::" ? "127.0.0.1" : metrics.BindAddress;
            url = $"http://{(host.Contains(':', StringComparison.Ordinal) ? $"[{host}]" : host)}:{metrics.Port}/healthz";
        }

        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        try
        {
            using var response = await client.GetAsync(new Uri(url)).ConfigureAwait(false);
            await output.WriteLineAsync($"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync().ConfigureAwait(false)}").ConfigureAwait(false);
            return response.IsSuccessStatusCode ? ExitCodes.Success : ExitCodes.InputFailed;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            await output.WriteLineAsync($"unhealthy: {url}: {ex.Message}").ConfigureAwait(false);
            return ExitCodes.InputFailed;
        }
    }
}
