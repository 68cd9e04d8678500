using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Detection.Rules.Loading;

namespace TrailWatcher.Detection.Correlation.Loading;

/// <summary>
/// Loads rule directories with their correlation files: a file holding a Sigma <c>correlation</c> document, or several
/// YAML documents, goes to <see cref="SigmaFileParser"/>; every other file to <see cref="RuleLoader"/>. References are
/// resolved once every rule is known, so a correlation may name a rule of any file, format or directory. An EQL rule
/// file whose query is a <c>sequence</c> goes to <see cref="EqlSequenceFiles"/>: its step rules join the rules, its
/// correlation the correlations.
/// </summary>
public static class RulePackLoader
{
    /// <exception cref="RuleLoadException">Every problem of every file, rules and correlations together.</exception>
    public static RulePack LoadDirectories(IEnumerable<string> directories, IReadOnlyCollection<string> excluded, RuleTests tests)
    {
        var correlationFiles = new List<(string Name, string Yaml)>();
        var sequenceFiles = new List<(string Name, string Yaml)>();
        var errors = new List<RuleLoadError>();
        // The rules of the files that loaded stay known when another file fails: a correlation naming them is not
        // reported as naming an unknown rule because some unrelated file has a typo.
        var rules = RuleLoader.LoadDirectories(directories, excluded, tests, (name, yaml) =>
        {
            if (CorrelationFiles.Recognise(yaml))
            {
                correlationFiles.Add((name, yaml));
                return true;
            }

            if (EqlSequenceFiles.Recognise(yaml))
            {
                sequenceFiles.Add((name, yaml));
                return true;
            }

            return false;
        }, errors);

        var correlations = new List<CorrelationRule>();
        var baseRules = new List<Rule>();
        var skipped = new List<string>();
        foreach (var (name, yaml) in correlationFiles)
        {
            var content = SigmaFileParser.Parse(name, yaml);
            errors.AddRange(content.Errors);
            correlations.AddRange(content.Correlations);
            baseRules.AddRange(content.Rules);
            skipped.AddRange(content.Skipped);
        }

        foreach (var (name, yaml) in sequenceFiles)
        {
            var (steps, sequence) = EqlSequenceFiles.Parse(name, yaml, errors);
            baseRules.AddRange(steps);
            if (sequence is not null)
            {
                correlations.Add(sequence);
            }
        }

        var all = rules.Rules.Concat(baseRules).ToList();
        var ids = all.Select(r => r.Id).ToHashSet(StringComparer.Ordinal);
        foreach (var duplicate in baseRules.GroupBy(r => r.Id, StringComparer.Ordinal).Where(g => g.Count() > 1 || rules.Rules.Any(r => r.Id == g.Key)))
        {
            errors.Add(new RuleLoadError(duplicate.First().SourceFile, 0, 0, $"duplicate rule id '{duplicate.Key}'"));
        }

        foreach (var clash in correlations.Where(c => ids.Contains(c.Id)))
        {
            errors.Add(new RuleLoadError(clash.SourceFile, clash.Line, clash.Column, $"correlation id '{clash.Id}' is also a rule's id"));
        }

        var resolution = CorrelationResolver.Resolve(correlations, CorrelationSet.IndexRules(all));
        errors.AddRange(resolution.Errors);
        if (errors.Count > 0)
        {
            throw new RuleLoadException(errors);
        }

        return new RulePack(new RuleSet(all, [.. rules.Skipped, .. skipped]), resolution.Set ?? CorrelationSet.Empty);
    }
}
