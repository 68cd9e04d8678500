using System.Globalization;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Testing;
using TrailWatcher.Sources;

namespace TrailWatcher.Cli;

/// <summary>The <c>rules compare A B [PATH...]</c> verb: runs two rules over the same records and shows every record they disagree on.</summary>
/// <remarks>
/// Records come from the CloudTrail files and directories given (read like <c>scan</c> reads them), or, without a
/// path, from both rules' test events (each distinct event once). Exit 0 when the rules agree on every record, 1 when
/// they disagree on any, 2 for bad input: an unknown rule id, a missing path, or a file that cannot be read.
/// </remarks>
internal static class RulesCompareCommand
{
    public static int Run(RuleSet rules, string firstId, string secondId, IReadOnlyList<string> paths, TextWriter output, TextWriter error)
    {
        ArgumentNullException.ThrowIfNull(rules);
        ArgumentNullException.ThrowIfNull(paths);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var first = Find(rules, firstId, error);
        var second = Find(rules, secondId, error);
        if (first is null || second is null)
        {
            return ExitCodes.ConfigurationError;
        }

        var inputs = ScanInputs.Expand(paths);
        foreach (var missing in inputs.Missing)
        {
            error.WriteLine($"error: {missing}: no such file or directory");
        }

        if (inputs.Missing.Count > 0)
        {
            return ExitCodes.ConfigurationError;
        }

        var comparer = new RuleComparer(first, second);
        var tally = new Tally();
        var readable = paths.Count == 0 ? CompareTestEvents(comparer, tally, output, error) : CompareFiles(comparer, inputs.Files, tally, output, error);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{tally.Compared} records compared: {tally.Compared - tally.Differ} agree, {tally.Differ} differ"));
        return !readable ? ExitCodes.ConfigurationError : tally.Differ == 0 ? ExitCodes.Success : ExitCodes.InputFailed;
    }

    private static Rule? Find(RuleSet rules, string id, TextWriter error)
    {
        var rule = rules.Rules.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.Ordinal));
        if (rule is null)
        {
            // Ids are case-sensitive; a near miss in case is the likeliest typo, so it is named.
            var near = rules.Rules.FirstOrDefault(r => string.Equals(r.Id, id, StringComparison.OrdinalIgnoreCase));
            error.WriteLine($"error: no loaded rule has the id '{id}'{(near is null ? "" : $" (did you mean '{near.Id}'?)")}; `rules list` shows the ids (Sigma and Elastic rules load only when enabled)");
        }

        return rule;
    }

    private static bool CompareTestEvents(RuleComparer comparer, Tally tally, TextWriter output, TextWriter error)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var readable = true;
        foreach (var (rule, test) in comparer.First.Tests.Select(t => (comparer.First, t)).Concat(comparer.Second.Tests.Select(t => (comparer.Second, t))))
        {
            // Rules ported from one another share their events; each distinct event is compared once.
            if (!seen.Add(test.EventJson))
            {
                continue;
            }

            RuleComparison comparison;
            try
            {
                comparison = comparer.CompareEvent(test.EventJson);
            }
            catch (CloudTrailFormatException ex)
            {
                error.WriteLine($"error: {rule.SourceFile}:{test.Line}: test '{test.Name}' of {rule.Id}: {ex.Message}");
                readable = false;
                continue;
            }

            tally.Compared++;
            if (!comparison.Agree)
            {
                tally.Differ++;
                var json = System.Text.Encoding.UTF8.GetBytes(test.EventJson);
                Write(output, comparer, comparison, $"test \"{test.Name}\" of {rule.Id} ({rule.SourceFile}:{test.Line})", json);
            }
        }

        return readable;
    }

    private static bool CompareFiles(RuleComparer comparer, IReadOnlyList<string> files, Tally tally, TextWriter output, TextWriter error)
    {
        var readable = true;
        foreach (var file in files)
        {
            try
            {
                using var raw = File.OpenRead(file);
                using var reader = new CloudTrailReader(LogStreams.OpenDecompressed(raw), file);
                while (reader.Read())
                {
                    var record = reader.Current;
                    if ((record.Traits & RecordTraits.Oversized) != 0)
                    {
                        error.WriteLine($"warning: {file}: record {record.Index} is larger than the reader's record limit and was not compared");
                        continue;
                    }

                    var comparison = comparer.Compare(record, file);
                    tally.Compared++;
                    if (!comparison.Agree)
                    {
                        tally.Differ++;
                        Write(output, comparer, comparison, string.Create(CultureInfo.InvariantCulture, $"{file} record {record.Index}"), record.Json);
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CloudTrailFormatException)
            {
                // Records read before the fault were compared; the other files still are.
                error.WriteLine($"error: {file}: {ex.Message}");
                readable = false;
            }
        }

        return readable;
    }

    private static void Write(TextWriter output, RuleComparer comparer, RuleComparison comparison, string where, ReadOnlyMemory<byte> json)
    {
        output.WriteLine($"DIFFER {where}: eventID {comparison.EventId ?? "-"}, eventName {comparison.EventName ?? "-"}");
        WriteRule(output, comparer.First, comparison.First, json);
        WriteRule(output, comparer.Second, comparison.Second, json);
        output.WriteLine();
    }

    private static void WriteRule(TextWriter output, Rule rule, RuleVerdict verdict, ReadOnlyMemory<byte> json)
    {
        output.WriteLine($"  {rule.Id} [{rule.Format}]: {verdict}");
        try
        {
            foreach (var field in RuleComparer.Fields(rule, json))
            {
                output.WriteLine($"    {field}");
            }
        }
        catch (System.Text.Json.JsonException)
        {
            // The verdict already says the record is not valid JSON.
        }
    }

    private sealed class Tally
    {
        public int Compared { get; set; }

        public int Differ { get; set; }
    }
}
