using Microsoft.Extensions.DependencyInjection;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Hosting;
using TrailWatcher.Rules;

namespace TrailWatcher.Cli;

/// <summary>The <c>config check</c> verb: validates configuration and rules as <c>run</c> would, and prints every problem at once.</summary>
internal static class ConfigCheckCommand
{
    public static async Task<int> RunAsync(string[] hostArgs, RuleSources extraRules, TextWriter output)
    {
        var (app, problems) = ServiceHost.Build(hostArgs, extraRules);
        if (app is null)
        {
            await output.WriteLineAsync($"{problems.Count} problem(s):").ConfigureAwait(false);
            foreach (var problem in problems)
            {
                await output.WriteLineAsync($"  {problem}").ConfigureAwait(false);
            }

            return ExitCodes.ConfigurationError;
        }

        await using (app.ConfigureAwait(false))
        {
            var rules = app.Services.GetRequiredService<RuleSet>();
            var source = app.Configuration["TrailWatcher:Source"] ?? "Directory";
            var tuned = rules.Rules.Count(r => r.Tuning.Count > 0);
            await output.WriteLineAsync($"configuration OK: source {source}, {rules.Rules.Count} rules ({rules.Enabled.Count} enabled{(tuned > 0 ? $", {tuned} tuned" : "")})").ConfigureAwait(false);
        }

        return ExitCodes.Success;
    }
}
