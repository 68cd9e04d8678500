using System.CommandLine;
using TrailWatcher.Cli;
using TrailWatcher.Pipeline;
using TrailWatcher.Rules;
using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Detection.Rules.Loading;

var rulesOption = new Option<string[]>("--rules")
{
    Description = "A directory of rule files to load beside the built-in pack (repeatable).",
    Arity = ArgumentArity.ZeroOrMore,
};
var tuningOption = new Option<string[]>("--tuning")
{
    Description = "A tuning file applied to the loaded rules: disable, enable, severity, signal, dedup period, threshold, exceptions (repeatable; a later entry wins).",
    Arity = ArgumentArity.ZeroOrMore,
};
var verboseOption = new Option<bool>("--verbose", "-v") { Description = "Also report skipped files and passing tests." };

var pathsArgument = new Argument<string[]>("paths")
{
    Description = "CloudTrail log files (.json.gz, .json) or directories to scan recursively.",
    Arity = ArgumentArity.OneOrMore,
};
var parallelismOption = new Option<int>("--parallelism") { Description = "Files read at once and evaluator tasks (default: one per core)." };
var noDedupOption = new Option<bool>("--no-dedup") { Description = "Every match its own alert: no dedup groups, no thresholds." };
var hashOption = new Option<bool>("--hash") { Description = "Also hash each file's content (SHA-256) as `run` does with digest validation on; measures what it costs." };
var scan = new Command("scan", "Scan CloudTrail log files once: alerts as JSON lines on stdout, a summary on stderr.")
{
    rulesOption, tuningOption, parallelismOption, noDedupOption, hashOption, verboseOption, pathsArgument,
};
scan.SetAction(async (parse, cancellationToken) =>
{
    // A scan only evaluates: the rules' test events (most of the pack's text) are left unread.
    if (!TryLoadPack(Sources(parse) with { Tests = RuleTests.Skip }, out var loaded))
    {
        return ExitCodes.ConfigurationError;
    }

    var parallelism = parse.GetValue(parallelismOption);
    var options = new PipelineOptions { ReaderParallelism = parallelism, EvaluationParallelism = parallelism };
    return await ScanCommand.RunAsync(parse.GetValue(pathsArgument) ?? [], loaded.Rules, loaded.Correlations, loaded.CorrelationTuning, options, !parse.GetValue(noDedupOption), parse.GetValue(verboseOption), cancellationToken, parse.GetValue(hashOption)).ConfigureAwait(false);
});

var listFormatOption = new Option<string>("--format") { Description = "table (default) or json (an array with one object per rule and per correlation).", DefaultValueFactory = _ => "table" };
listFormatOption.AcceptOnlyFromAmong("table", "json");
var rulesList = new Command("list", "List the loaded rules and correlations: severity, kind, ATT&CK mapping, AWS service, tests, the rules a correlation reads and the tuning applied.") { rulesOption, tuningOption, listFormatOption };
rulesList.SetAction(parse => TryLoadPack(Sources(parse), out var loaded) ? RulesCommands.List(loaded, parse.GetValue(listFormatOption) == "json", Console.Out) : ExitCodes.ConfigurationError);
var rulesTest = new Command("test", "Run every rule's embedded tests, tuning applied; the last line reads 'N passed, N failed'.") { rulesOption, tuningOption, verboseOption };
rulesTest.SetAction(parse => TryLoadRules(Sources(parse), out var rules) ? RulesCommands.Test(rules, Console.Out, parse.GetValue(verboseOption)) : ExitCodes.ConfigurationError);
var coverageFormatOption = new Option<string>("--format") { Description = "markdown (the table the README carries).", DefaultValueFactory = _ => "markdown" };
coverageFormatOption.AcceptOnlyFromAmong("markdown");
var rulesCoverage = new Command("coverage", "Print the loaded rules by MITRE ATT&CK tactic as a markdown table.") { rulesOption, tuningOption, coverageFormatOption };
rulesCoverage.SetAction(parse => TryLoadRules(Sources(parse), out var rules) ? RulesCommands.Coverage(rules, Console.Out) : ExitCodes.ConfigurationError);
var firstRuleArgument = new Argument<string>("first") { Description = "The id of one rule (any format; disabled rules too)." };
var secondRuleArgument = new Argument<string>("second") { Description = "The id of the rule to compare it with." };
var comparePathsArgument = new Argument<string[]>("paths")
{
    Description = "CloudTrail log files (.json.gz, .json) or directories; none: every test event of both rules.",
    Arity = ArgumentArity.ZeroOrMore,
};
var rulesCompare = new Command("compare", "Run two rules over the same records and show each record they disagree on, with the fields each rule read; exit 1 on any disagreement.")
{
    rulesOption, tuningOption, firstRuleArgument, secondRuleArgument, comparePathsArgument,
};
rulesCompare.SetAction(parse => TryLoadRules(Sources(parse), out var rules)
    ? RulesCompareCommand.Run(rules, parse.GetValue(firstRuleArgument)!, parse.GetValue(secondRuleArgument)!, parse.GetValue(comparePathsArgument) ?? [], Console.Out, Console.Error)
    : ExitCodes.ConfigurationError);
var rulesCommand = new Command("rules", "Inspect, test and compare detection rules.") { rulesList, rulesTest, rulesCoverage, rulesCompare };

var run = new Command("run", "Run the service: watch the configured source and raise alerts until stopped.") { rulesOption, tuningOption };
// Host settings (--TrailWatcher:Directory:Path=…) pass through to configuration.
run.TreatUnmatchedTokensAsErrors = false;
run.SetAction((parse, _) => RunCommand.RunAsync([.. parse.UnmatchedTokens], Sources(parse)));

var configCheck = new Command("check", "Validate the configuration, rules and tuning as `run` would; print every problem at once.") { rulesOption, tuningOption };
configCheck.TreatUnmatchedTokensAsErrors = false;
configCheck.SetAction((parse, _) => ConfigCheckCommand.RunAsync([.. parse.UnmatchedTokens], Sources(parse), Console.Out));
var configCommand = new Command("config", "Inspect the service's configuration.") { configCheck };

var urlOption = new Option<string>("--url") { Description = "The /healthz URL (default: from TrailWatcher:Metrics)." };
var health = new Command("health", "Ask a running service's /healthz; exit 0 when healthy (for container health checks).") { urlOption };
health.SetAction((parse, _) => HealthCommand.RunAsync(parse.GetValue(urlOption), Console.Out));

var trailLocationArgument = new Argument<string>("location") { Description = "Where the trail writes: s3://BUCKET or s3://BUCKET/PREFIX (the digests under it are read)." };
var publicKeysOption = new Option<string>("--public-keys")
{
    Description = "The output of `aws cloudtrail list-public-keys` for the time and region checked, saved as a file.",
    Required = true,
};
var startOption = new Option<string>("--start") { Description = "Only digests ending at or after this UTC time (2024-01-15T10:00:00Z)." };
var endOption = new Option<string>("--end") { Description = "Only digests ending at or before this UTC time." };
var accountOption = new Option<string>("--account") { Description = "Only this account's digests (organization trails hold many)." };
var regionOption = new Option<string>("--region") { Description = "Only digests of this region." };
var trailVerify = new Command("verify", "Verify a trail's digest files: signatures, every listed log file's hash, and the chain of digests; one line per problem, exit 1 on any.")
{
    trailLocationArgument, publicKeysOption, startOption, endOption, accountOption, regionOption,
};
trailVerify.SetAction((parse, cancellationToken) => TrailVerifyCommand.RunAsync(
    new TrailVerifyArguments(parse.GetValue(trailLocationArgument)!, parse.GetValue(publicKeysOption)!, parse.GetValue(startOption), parse.GetValue(endOption), parse.GetValue(accountOption), parse.GetValue(regionOption)),
    Console.Out,
    Console.Error,
    cancellationToken));
var trailCommand = new Command("trail", "Check the trail itself: log file integrity from CloudTrail's signed digests.") { trailVerify };

var root = new RootCommand("TrailWatcher: security alerts from AWS CloudTrail logs, within seconds of the API call.")
{
    scan, rulesCommand, trailCommand, run, configCommand, health,
};

// The host handles SIGINT/SIGTERM itself for `run` and drains before exiting; the parser must not kill the process first.
var parsed = root.Parse(args);
var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
// The parser answers its own errors with 1, which for `trail verify` means "the trail has a problem": bad usage says 2 there.
return parsed.Errors.Count > 0 && parsed.CommandResult.Command == trailVerify ? ExitCodes.ConfigurationError : exitCode;

RuleSources Sources(ParseResult parse) =>
    new(parse.GetValue(rulesOption) ?? [], parse.GetValue(tuningOption) ?? [], RuleCatalog.SigmaEnabledInEnvironment()) { BuiltInElastic = RuleCatalog.ElasticEnabledInEnvironment() };

static bool TryLoadRules(RuleSources sources, out TrailWatcher.Detection.Rules.RuleSet rules)
{
    var ok = TryLoadPack(sources, out var loaded);
    rules = loaded?.Rules!;
    return ok;
}

static bool TryLoadPack(RuleSources sources, out LoadedRules loaded)
{
    try
    {
        loaded = RuleCatalog.Load(sources, TimeProvider.System);
        foreach (var warning in loaded.Warnings)
        {
            Console.Error.WriteLine($"warning: {warning}");
        }

        foreach (var skipped in loaded.Rules.Skipped)
        {
            Console.Error.WriteLine($"warning: skipped {skipped}");
        }

        return true;
    }
    catch (RuleLoadException ex)
    {
        Console.Error.WriteLine($"error: the rules did not load:{Environment.NewLine}{ex.Message}");
        loaded = null!;
        return false;
    }
}
