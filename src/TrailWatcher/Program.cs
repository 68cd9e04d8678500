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
    Description = "CloudTrail log files (.json.gz, .json) or directories to scan recursively; or one s3://BUCKET[/PREFIX] whose trail is replayed.",
    Arity = ArgumentArity.OneOrMore,
};
var sinceOption = new Option<string>("--since") { Description = "s3:// only: log files delivered at or after this UTC time (2024-01-15T10:00:00Z)." };
var untilOption = new Option<string>("--until") { Description = "s3:// only: log files delivered at or before this UTC time." };
var accountsOption = new Option<string[]>("--account")
{
    Description = "s3:// only: this account's logs (repeatable; all accounts found when absent).",
    Arity = ArgumentArity.ZeroOrMore,
};
var regionsOption = new Option<string[]>("--region")
{
    Description = "s3:// only: this region's logs (repeatable; all regions found when absent).",
    Arity = ArgumentArity.ZeroOrMore,
};
var parallelismOption = new Option<int>("--parallelism") { Description = "Files read at once and evaluator tasks (default: one per core)." };
var noDedupOption = new Option<bool>("--no-dedup") { Description = "Every match its own alert: no dedup groups, no thresholds." };
var hashOption = new Option<bool>("--hash") { Description = "Also hash each file's content (SHA-256) as `run` does with digest validation on; measures what it costs." };
var scan = new Command("scan", "Scan CloudTrail log files, or replay a bucket's trail, once: alerts as JSON lines on stdout, a summary on stderr.")
{
    rulesOption, tuningOption, parallelismOption, noDedupOption, hashOption, verboseOption, sinceOption, untilOption, accountsOption, regionsOption, pathsArgument,
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
    return await ScanCommand.RunAsync(parse.GetValue(pathsArgument) ?? [], Filter(parse), loaded.Rules, loaded.Correlations, loaded.CorrelationTuning, options, !parse.GetValue(noDedupOption), parse.GetValue(verboseOption), cancellationToken, parse.GetValue(hashOption)).ConfigureAwait(false);
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

var verify = VerifyCommandLine("verify", "Verify a trail's digest files, in S3 or in a local copy: signatures (S3 only), every listed log file's hash, the chain of digests; findings as alert JSON lines, a table by account and region, exit 1 on any problem.");
// The name issue 14 first shipped; the same command, its options still answering to --public-keys, --start and --end.
var trailCommand = new Command("trail", "Check the trail itself (older name: `trail verify` is `verify`).") { VerifyCommandLine("verify", "The same as the top-level `verify`.") };

var root = new RootCommand("TrailWatcher: security alerts from AWS CloudTrail logs, within seconds of the API call.")
{
    scan, rulesCommand, verify, trailCommand, run, configCommand, health,
};

// The host handles SIGINT/SIGTERM itself for `run` and drains before exiting; the parser must not kill the process first.
var parsed = root.Parse(args);
var exitCode = await parsed.InvokeAsync(new InvocationConfiguration { ProcessTerminationTimeout = null }).ConfigureAwait(false);
// The parser answers its own errors with 1, which for `verify` means "the trail has a problem": bad usage says 2 there.
return parsed.Errors.Count > 0 && parsed.CommandResult.Command.Name == "verify" ? ExitCodes.ConfigurationError : exitCode;

TrailFilterArguments Filter(ParseResult parse) =>
    new(parse.GetValue(sinceOption), parse.GetValue(untilOption), parse.GetValue(accountsOption) ?? [], parse.GetValue(regionsOption) ?? []);

RuleSources Sources(ParseResult parse) =>
    new(parse.GetValue(rulesOption) ?? [], parse.GetValue(tuningOption) ?? [], RuleCatalog.SigmaEnabledInEnvironment()) { BuiltInElastic = RuleCatalog.ElasticEnabledInEnvironment() };

static Command VerifyCommandLine(string name, string description)
{
    var location = new Argument<string>("location") { Description = "A local copy of the trail (as `aws s3 sync` writes it), or s3://BUCKET[/PREFIX] where the trail writes." };
    var publicKeys = new Option<string>("--public-key", "--public-keys") { Description = "s3:// only: the output of `aws cloudtrail list-public-keys` for the time and regions checked, saved as a file." };
    var since = new Option<string>("--since", "--start") { Description = "Only digests ending at or after this UTC time (2024-01-15T10:00:00Z)." };
    var until = new Option<string>("--until", "--end") { Description = "Only digests ending at or before this UTC time." };
    var accounts = new Option<string[]>("--account") { Description = "Only this account's digests (repeatable; organization trails hold many).", Arity = ArgumentArity.ZeroOrMore };
    var regions = new Option<string[]>("--region") { Description = "Only digests of this region (repeatable).", Arity = ArgumentArity.ZeroOrMore };
    var command = new Command(name, description) { location, publicKeys, since, until, accounts, regions };
    command.SetAction((parse, cancellationToken) => VerifyCommand.RunAsync(
        new VerifyArguments(
            parse.GetValue(location)!,
            parse.GetValue(publicKeys),
            new TrailFilterArguments(parse.GetValue(since), parse.GetValue(until), parse.GetValue(accounts) ?? [], parse.GetValue(regions) ?? [])),
        Console.Out,
        Console.Error,
        cancellationToken));
    return command;
}

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
