using System.Globalization;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Detection.Rules.Files;

namespace TrailWatcher.Benchmarks.Running;

/// <summary>
/// How many records the pack's native rules make the scan parse: offered by the eventName × eventSource index alone
/// (every record, once a rule has no eventName), and left after the reader's traits and the rules' text guards.
/// </summary>
internal static class ParsedShareStage
{
    public static GoalResult? Measure(IReadOnlyList<string> files, string trailWatcher)
    {
        var rules = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(trailWatcher))!, "rules");
        var native = new[] { Path.Combine(rules, "aws"), Path.Combine(rules, "trailwatcher") }.Where(Directory.Exists).ToList();
        if (native.Count == 0)
        {
            return null;
        }

        var index = RecordEvaluator.ForEnabled(RuleLoader.LoadDirectories(native, [], RuleTests.Skip)).Index;
        long records = 0, offered = 0, parsed = 0;
        foreach (var path in files)
        {
            using var file = File.OpenRead(path);
            using var json = LogStreams.OpenDecompressed(file);
            var reader = new CloudTrailReader(json, path);
            while (reader.Read())
            {
                records++;
                var record = reader.Current;
                var candidates = index.Candidates(record.EventSource.Span, record.EventName.Span);
                if (candidates.Length == 0)
                {
                    continue;
                }

                offered++;
                if (index.Admit(candidates, record.Json.Span, record.Traits, record.Identity) is not null)
                {
                    parsed++;
                }
            }
        }

        return new GoalResult(2, string.Create(CultureInfo.InvariantCulture,
            $"the pack's {index.Rules.Count} native rules: the eventName x eventSource index alone offers {100.0 * offered / records:F1} % of the records to some rule; after the reader's traits and the rules' text guards {100.0 * parsed / records:F1} % are parsed"), null);
    }
}
