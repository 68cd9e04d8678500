using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using TrailWatcher.Detection.Rules.Loading;
using TrailWatcher.Detection.Rules.Tuning;
using TrailWatcher.Detection.Correlation.Loading;
using TrailWatcher.Detection.Rules.Files;

namespace TrailWatcher.Rules;

/// <summary>Loads the built-in rule pack that ships next to the binary together with the user's rule directories, and applies the user's tuning files.</summary>
internal static partial class RuleCatalog
{
    public static string BuiltInDirectory => Path.Combine(AppContext.BaseDirectory, "rules");

    /// <summary>The built-in Sigma rules, skipped unless <c>TrailWatcher:Rules:Sigma:Enabled</c> is true or a <c>--rules</c> directory names them.</summary>
    public static string BuiltInSigmaDirectory => Path.Combine(BuiltInDirectory, "sigma");

    /// <summary>The built-in Elastic EQL rules, skipped unless <c>TrailWatcher:Rules:Elastic:Enabled</c> is true or a <c>--rules</c> directory names them.</summary>
    public static string BuiltInElasticDirectory => Path.Combine(BuiltInDirectory, "elastic");

    /// <summary>The Elastic setting for commands that run without the host's configuration (<c>scan</c>, <c>rules</c>): the environment variable <c>TrailWatcher__Rules__Elastic__Enabled</c>.</summary>
    public static bool ElasticEnabledInEnvironment() =>
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetValue($"{RulesOptions.Section}:Elastic:Enabled", false);

    /// <summary>The Sigma setting for commands that run without the host's configuration (<c>scan</c>, <c>rules</c>): the environment variable <c>TrailWatcher__Rules__Sigma__Enabled</c>.</summary>
    public static bool SigmaEnabledInEnvironment() =>
        new ConfigurationBuilder().AddEnvironmentVariables().Build().GetValue($"{RulesOptions.Section}:Sigma:Enabled", false);

    /// <summary>The tuned rules; exceptions already expired at <paramref name="time"/>'s now are left out and warned about.</summary>
    /// <exception cref="RuleLoadException">Every problem of every rule file and tuning file, at once.</exception>
    public static LoadedRules Load(RuleSources sources, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(sources);
        using var pause = CollectionPause.Start();
        var tuning = TuningLoader.LoadFiles(sources.TuningFiles.Where(f => !string.IsNullOrWhiteSpace(f)));
        RulePack pack;
        try
        {
            pack = RulePackLoader.LoadDirectories(
                [BuiltInDirectory, .. sources.Directories.Where(d => !string.IsNullOrWhiteSpace(d))],
                [.. sources.BuiltInSigma ? [] : new[] { BuiltInSigmaDirectory }, .. sources.BuiltInElastic ? [] : new[] { BuiltInElasticDirectory }],
                sources.Tests);
        }
        catch (RuleLoadException ex) when (tuning.Errors.Count > 0)
        {
            // The rules did not load, so tuning cannot be applied; its own problems are still reported beside the rules'.
            throw new RuleLoadException([.. ex.Errors, .. tuning.Errors]);
        }

        // An entry naming a correlation tunes it; the rest of the tuning is the rules'.
        var correlationErrors = new List<RuleLoadError>();
        var (forRules, correlationTuning) = CorrelationTuning.Split(tuning, pack, time, correlationErrors);
        TunedRules tuned;
        try
        {
            tuned = TuningApplier.Apply(pack.Rules, forRules, time);
        }
        catch (RuleLoadException ex) when (correlationErrors.Count > 0)
        {
            throw new RuleLoadException([.. ex.Errors, .. correlationErrors]);
        }

        if (correlationErrors.Count > 0)
        {
            throw new RuleLoadException(correlationErrors);
        }

        return new LoadedRules(tuned, pack.Correlations) { CorrelationTuning = correlationTuning };
    }

    /// <summary>For the service: the settings' directories and tuning files plus the command line's; each problem is added to <paramref name="problems"/>, and null returned, when loading fails.</summary>
    public static LoadedRules? LoadForService(IConfiguration configuration, RuleSources extra, List<string> problems)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(extra);
        ArgumentNullException.ThrowIfNull(problems);
        var configured = configuration.GetSection(RulesOptions.Section).Get<RulesOptions>() ?? new RulesOptions();
        var missing = 0;
        for (var i = 0; i < configured.Tuning.Count; i++)
        {
            if (!string.IsNullOrWhiteSpace(configured.Tuning[i]) && !File.Exists(configured.Tuning[i]))
            {
                problems.Add($"{RulesOptions.Section}:{nameof(RulesOptions.Tuning)}:{i}: tuning file '{configured.Tuning[i]}' does not exist");
                missing++;
            }
        }

        try
        {
            var loaded = Load(new RuleSources([.. configured.Directories, .. extra.Directories], [.. configured.Tuning.Where(File.Exists), .. extra.TuningFiles], configured.Sigma.Enabled || extra.BuiltInSigma) { BuiltInElastic = configured.Elastic.Enabled || extra.BuiltInElastic, Tests = RuleTests.Skip }, TimeProvider.System);
            if (loaded.Rules.Enabled.Count == 0)
            {
                problems.Add("rules: no enabled rule is loaded");
            }

            return missing == 0 ? loaded : null;
        }
        catch (RuleLoadException ex)
        {
            problems.AddRange(ex.Errors.Select(e => $"rules: {e}"));
            return null;
        }
    }

    /// <summary>Logs the load's warnings (expired exceptions, skipped Sigma rules) once, at start.</summary>
    public static void LogWarnings(LoadedRules? loaded, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(loggers);
        var logger = loggers.CreateLogger("TrailWatcher.Rules");
        foreach (var warning in loaded?.Warnings ?? [])
        {
            LogTuningWarning(logger, warning.ToString());
        }

        foreach (var skipped in loaded?.Rules.Skipped ?? [])
        {
            LogSkippedRule(logger, skipped);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Tuning: {Warning}")]
    private static partial void LogTuningWarning(ILogger logger, string warning);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rule skipped: {Reason}")]
    private static partial void LogSkippedRule(ILogger logger, string reason);
}
