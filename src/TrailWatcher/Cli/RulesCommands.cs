using System.Globalization;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Testing;

namespace TrailWatcher.Cli;

/// <summary>The <c>rules list</c> and <c>rules test</c> verbs.</summary>
internal static class RulesCommands
{
    public static int List(RuleSet rules, TextWriter output)
    {
        var rows = rules.Rules.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var idWidth = Math.Max(2, rows.Count == 0 ? 0 : rows.Max(r => r.Id.Length));
        output.WriteLine($"{"ID".PadRight(idWidth)}  SEVERITY  ENABLED  TESTS  TITLE");
        foreach (var rule in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rule.Id.PadRight(idWidth)}  {SeverityNames.Name(rule.Severity),-8}  {(rule.Enabled ? "yes" : "no"),-7}  {rule.Tests.Count,5}  {rule.Title}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} rules ({rows.Count(r => r.Enabled)} enabled)"));
        return ExitCodes.Success;
    }

    public static int Test(RuleSet rules, TextWriter output, bool verbose)
    {
        var results = RuleTestRunner.Run(rules);
        var passed = 0;
        var failed = 0;
        foreach (var result in results)
        {
            if (result.Passed)
            {
                passed++;
                if (verbose)
                {
                    output.WriteLine($"PASS {result.Rule.Id}: {result.Test.Name}");
                }
            }
            else
            {
                failed++;
                output.WriteLine($"FAIL {result.Rule.Id}: {result.Test.Name} ({result.Rule.SourceFile}:{result.Test.Line}): {result.Failure}");
            }
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{passed} passed, {failed} failed"));
        return failed == 0 ? ExitCodes.Success : ExitCodes.InputFailed;
    }
}
