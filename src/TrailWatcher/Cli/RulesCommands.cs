using System.Globalization;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Testing;
using TrailWatcher.Rules;

namespace TrailWatcher.Cli;

/// <summary>The <c>rules list</c>, <c>rules test</c> and <c>rules coverage</c> verbs.</summary>
internal static class RulesCommands
{
    /// <summary>The rules and the correlations, tuned; an EQL sequence's hidden step rules are not listed, its correlation is.</summary>
    public static int List(LoadedRules loaded, bool json, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(loaded);
        ArgumentNullException.ThrowIfNull(output);
        var rows = loaded.Rules.Rules.Where(r => r.PartOf is null).OrderBy(r => r.Id, StringComparer.Ordinal).Select(RuleSummary.Of).ToList();
        var correlations = loaded.Correlations.Correlations
            .OrderBy(c => c.Id, StringComparer.Ordinal)
            .Select(c => CorrelationSummary.Of(c, loaded.Correlations, loaded.CorrelationTuning))
            .ToList();
        if (json)
        {
            using var buffer = new MemoryStream();
            RuleListWriter.Json(rows, correlations, buffer);
            output.Write(System.Text.Encoding.UTF8.GetString(buffer.ToArray()));
        }
        else
        {
            RuleListWriter.Table(rows, correlations, output);
        }

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

    public static int Coverage(RuleSet rules, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.Write(CoverageTable.Markdown(rules));
        return ExitCodes.Success;
    }
}
