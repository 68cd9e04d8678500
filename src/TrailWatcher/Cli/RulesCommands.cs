using System.Globalization;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Testing;
using TrailWatcher.Detection.Alerts;

namespace TrailWatcher.Cli;

/// <summary>The <c>rules list</c> and <c>rules test</c> verbs.</summary>
internal static class RulesCommands
{
    public static int List(RuleSet rules, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(output);
        var rows = rules.Rules.OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        var idWidth = Math.Max(2, rows.Count == 0 ? 0 : rows.Max(r => r.Id.Length));
        output.WriteLine($"{"ID".PadRight(idWidth)}  SEVERITY  ENABLED  TESTS  TITLE");
        foreach (var rule in rows)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{rule.Id.PadRight(idWidth)}  {AlertJson.SeverityName(rule.Severity),-8}  {(rule.Enabled ? "yes" : "no"),-7}  {rule.Tests.Count,5}  {rule.Title}"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{rows.Count} rules ({rows.Count(r => r.Enabled)} enabled)"));
        return ExitCodes.Success;
    }

    public static int Test(RuleSet rules, TextWriter output, bool verbose)
    {
        ArgumentNullException.ThrowIfNull(output);
        var results = RuleTestRunner.Run(rules);
        var passed = 0;
        var failed = 0;
        var silenced = 0;
        foreach (var result in results)
        {
            if (result.Silenced)
            {
                // Always shown: a tuning exception now hides what this test proves the rule detects.
                silenced++;
                output.WriteLine(result.ToString());
            }
            else if (result.Passed)
            {
                passed++;
                if (verbose)
                {
                    output.WriteLine(result.ToString());
                }
            }
            else
            {
                failed++;
                output.WriteLine(result.ToString());
            }
        }

        if (silenced > 0)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{silenced} silenced by tuning exceptions (the rule matched as expected; not failures)"));
        }

        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{passed} passed, {failed} failed"));
        return failed == 0 ? ExitCodes.Success : ExitCodes.InputFailed;
    }
}
