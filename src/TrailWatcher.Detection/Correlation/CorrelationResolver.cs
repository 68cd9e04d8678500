using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Conditions;
using TrailWatcher.Detection.Rules.Loading;

namespace TrailWatcher.Detection.Correlation;

/// <summary>Resolves correlations' references (rules and other correlations, by id or name), aliases and fields, and orders chains.</summary>
public static class CorrelationResolver
{
    /// <summary>The resolved set, or every problem with its file and position: unknown or ambiguous references, aliases that miss a rule, cycles.</summary>
    /// <param name="correlations">The parsed correlations, from any number of files.</param>
    /// <param name="rulesByIdOrName">The loaded single-event rules by id and name (<see cref="CorrelationSet.IndexRules"/>).</param>
    public static CorrelationResolution Resolve(IEnumerable<CorrelationRule> correlations, IReadOnlyDictionary<string, Rule> rulesByIdOrName)
    {
        ArgumentNullException.ThrowIfNull(correlations);
        ArgumentNullException.ThrowIfNull(rulesByIdOrName);
        var list = correlations.ToList();
        var errors = new List<RuleLoadError>();
        var byKey = new Dictionary<string, CorrelationRule>(StringComparer.Ordinal);
        foreach (var correlation in list)
        {
            foreach (var key in new[] { correlation.Id, correlation.Name }.OfType<string>().Distinct(StringComparer.Ordinal))
            {
                if (byKey.TryGetValue(key, out var other))
                {
                    errors.Add(new RuleLoadError(correlation.SourceFile, correlation.Line, correlation.Column,
                        $"correlation id or name '{key}' is also used by the correlation at {other.SourceFile}:{other.Line}:{other.Column}"));
                    continue;
                }

                byKey[key] = correlation;
            }
        }

        var targets = new Dictionary<CorrelationRule, List<object?>>();
        var untils = new Dictionary<CorrelationRule, Rule>();
        foreach (var correlation in list)
        {
            targets[correlation] = [.. correlation.Rules.Select(r => Target(r, correlation, byKey, rulesByIdOrName, errors))];
            if (UntilTarget(correlation, targets[correlation], byKey, rulesByIdOrName, errors) is { } until)
            {
                untils[correlation] = until;
            }

            for (var i = 0; i < correlation.Rules.Count; i++)
            {
                // Listing one rule by its id and by its name would let one event stand for two rules of a temporal correlation.
                if (targets[correlation][i] is { } target && targets[correlation].IndexOf(target) < i)
                {
                    var reference = correlation.Rules[i];
                    errors.Add(new RuleLoadError(correlation.SourceFile, reference.Line, reference.Column,
                        $"rule '{reference.Text}' is already listed under another id or name"));
                }
            }
        }

        var ordered = Order(list, targets, errors);
        var compiled = new Dictionary<CorrelationRule, CompiledCorrelation>();
        foreach (var correlation in ordered)
        {
            if (Compile(correlation, targets[correlation], untils.GetValueOrDefault(correlation), byKey, rulesByIdOrName, compiled.Count, errors) is { } done)
            {
                compiled[correlation] = done;
            }
        }

        if (errors.Count > 0)
        {
            return new CorrelationResolution(null, errors);
        }

        foreach (var outer in compiled.Values)
        {
            foreach (var input in outer.Inputs.Where(i => i.Inner is not null))
            {
                compiled[input.Inner!].Dependents.Add((outer, input));
            }
        }

        return new CorrelationResolution(new CorrelationSet([.. compiled.Values.OrderBy(c => c.Order)]), errors);
    }

    /// <summary>A Rule, a CorrelationRule, or null (reported) for one reference.</summary>
    private static object? Target(
        CorrelationReference reference,
        CorrelationRule owner,
        Dictionary<string, CorrelationRule> correlations,
        IReadOnlyDictionary<string, Rule> rules,
        List<RuleLoadError> errors)
    {
        var rule = rules.GetValueOrDefault(reference.Text);
        var correlation = correlations.GetValueOrDefault(reference.Text);
        string? problem = (rule, correlation) switch
        {
            (null, null) => $"unknown rule '{reference.Text}': no loaded rule or correlation has this id or name (a name two rules share counts as none)",
            (not null, not null) => $"rule '{reference.Text}' is ambiguous: both the rule '{rule.Id}' and the correlation '{correlation.Id}' answer to it",
            _ when correlation == owner => $"correlation '{owner.Id}' refers to itself",
            _ => null,
        };
        if (problem is not null)
        {
            errors.Add(new RuleLoadError(owner.SourceFile, reference.Line, reference.Column, problem));
            return null;
        }

        return (object?)rule ?? correlation;
    }

    /// <summary>
    /// The until rule of a temporal_ordered correlation, or null (none, or reported): it must be a single-event rule that
    /// is not also one of the steps, since its events end sequences rather than stand for a step.
    /// </summary>
    private static Rule? UntilTarget(
        CorrelationRule correlation,
        List<object?> targets,
        Dictionary<string, CorrelationRule> correlations,
        IReadOnlyDictionary<string, Rule> rules,
        List<RuleLoadError> errors)
    {
        if (correlation.Until is not { } reference)
        {
            return null;
        }

        var target = Target(reference, correlation, correlations, rules, errors);
        string? problem = target switch
        {
            null => null,
            _ when correlation.Type != CorrelationType.TemporalOrdered => "an until rule ends partial sequences, so only a temporal_ordered correlation can have one",
            CorrelationRule inner => $"the until rule '{reference.Text}' is the correlation '{inner.Id}': it must be a single-event rule",
            _ when targets.Contains(target) => $"the until rule '{reference.Text}' is also one of the correlation's 'rules'",
            _ => null,
        };
        if (problem is not null)
        {
            errors.Add(new RuleLoadError(correlation.SourceFile, reference.Line, reference.Column, problem));
        }

        return problem is null ? target as Rule : null;
    }

    /// <summary>Correlations ordered so each comes after those it refers to; a cycle is reported once per correlation on it.</summary>
    private static List<CorrelationRule> Order(List<CorrelationRule> list, Dictionary<CorrelationRule, List<object?>> targets, List<RuleLoadError> errors)
    {
        var ordered = new List<CorrelationRule>();
        var state = new Dictionary<CorrelationRule, bool>(); // false: on the current path, true: done
        void Visit(CorrelationRule correlation)
        {
            if (state.TryGetValue(correlation, out var done))
            {
                if (!done)
                {
                    errors.Add(new RuleLoadError(correlation.SourceFile, correlation.Line, correlation.Column, $"correlation '{correlation.Id}' is part of a cycle of correlations referring to each other"));
                }

                return;
            }

            state[correlation] = false;
            foreach (var inner in targets[correlation].OfType<CorrelationRule>().Where(c => c != correlation))
            {
                Visit(inner);
            }

            state[correlation] = true;
            ordered.Add(correlation);
        }

        foreach (var correlation in list)
        {
            Visit(correlation);
        }

        return ordered;
    }

    private static CompiledCorrelation? Compile(
        CorrelationRule correlation,
        List<object?> targets,
        Rule? until,
        Dictionary<string, CorrelationRule> correlations,
        IReadOnlyDictionary<string, Rule> rules,
        int order,
        List<RuleLoadError> errors)
    {
        var before = errors.Count;
        var aliases = AliasFields(correlation, until is null ? targets : [.. targets, until], correlations, rules, errors);
        string FieldFor(string name, object target) => aliases.TryGetValue(name, out var perTarget) && perTarget.TryGetValue(target, out var field) ? field : name;
        var inputs = new List<CorrelationInput>();
        for (var position = 0; position < targets.Count; position++)
        {
            if (targets[position] is not { } target)
            {
                continue;
            }

            var groupFields = correlation.GroupBy.Select(f => FieldFor(f, target)).ToList();
            var valueField = correlation.Condition?.Field is { } counted ? FieldFor(counted, target) : null;
            inputs.Add(target is Rule rule
                ? new CorrelationInput
                {
                    Rule = rule,
                    Position = position,
                    GroupPaths = [.. groupFields.Select(f => Path(f, correlation, errors)!)],
                    ValuePath = valueField is null ? null : Path(valueField, correlation, errors),
                }
                : new CorrelationInput
                {
                    Inner = (CorrelationRule)target,
                    Position = position,
                    GroupIndexes = [.. groupFields.Select(f => InnerIndex(f, (CorrelationRule)target, correlation, errors))],
                    ValueIndex = valueField is null ? -1 : InnerIndex(valueField, (CorrelationRule)target, correlation, errors),
                });
        }

        var untilInput = until is null ? null : new CorrelationInput
        {
            Rule = until,
            Position = CorrelationEntry.UntilPosition,
            GroupPaths = [.. correlation.GroupBy.Select(f => Path(FieldFor(f, until), correlation, errors)!)],
        };
        if (errors.Count != before)
        {
            return null;
        }

        var condition = correlation.Condition is null && correlation.Type == CorrelationType.Temporal
            ? new CorrelationCondition { GreaterOrEqual = targets.Count }
            : correlation.Condition;
        return new CompiledCorrelation { Rule = correlation, Order = order, Inputs = inputs, Until = untilInput, Condition = condition };
    }

    /// <summary>
    /// Alias name → (referenced target → field), checking that each alias gives exactly one field for every referenced rule
    /// (the until rule included: <paramref name="targets"/> lists it after the rules).
    /// </summary>
    private static Dictionary<string, Dictionary<object, string>> AliasFields(
        CorrelationRule correlation,
        List<object?> targets,
        Dictionary<string, CorrelationRule> correlations,
        IReadOnlyDictionary<string, Rule> rules,
        List<RuleLoadError> errors)
    {
        var result = new Dictionary<string, Dictionary<object, string>>(StringComparer.Ordinal);
        foreach (var alias in correlation.Aliases)
        {
            var fields = new Dictionary<object, string>();
            foreach (var (reference, field) in alias.Fields)
            {
                var target = (object?)rules.GetValueOrDefault(reference.Text) ?? correlations.GetValueOrDefault(reference.Text);
                if (target is null || !targets.Contains(target))
                {
                    errors.Add(new RuleLoadError(correlation.SourceFile, reference.Line, reference.Column,
                        $"alias '{alias.Name}' names rule '{reference.Text}', which is not one of the correlation's 'rules'"));
                }
                else if (!fields.TryAdd(target, field))
                {
                    errors.Add(new RuleLoadError(correlation.SourceFile, reference.Line, reference.Column,
                        $"alias '{alias.Name}' gives a second field for rule '{reference.Text}'"));
                }
            }

            var references = correlation.Until is { } until ? correlation.Rules.Append(until) : correlation.Rules;
            var missing = references.Where((r, i) => i < targets.Count && targets[i] is { } t && !fields.ContainsKey(t)).Select(r => r.Text).ToList();
            if (missing.Count > 0)
            {
                errors.Add(new RuleLoadError(correlation.SourceFile, alias.Line, alias.Column,
                    $"alias '{alias.Name}' gives no field for {string.Join(", ", missing.Select(m => $"'{m}'"))}: an alias must name the field of every referenced rule"));
            }

            result[alias.Name] = fields;
        }

        return result;
    }

    private static FieldPath? Path(string field, CorrelationRule correlation, List<RuleLoadError> errors)
    {
        if (FieldPath.TryParse(field, out var path, out var error))
        {
            return path;
        }

        errors.Add(new RuleLoadError(correlation.SourceFile, correlation.Line, correlation.Column, error!));
        return null;
    }

    private static int InnerIndex(string field, CorrelationRule inner, CorrelationRule correlation, List<RuleLoadError> errors)
    {
        var index = inner.GroupBy.ToList().IndexOf(field);
        if (index < 0)
        {
            errors.Add(new RuleLoadError(correlation.SourceFile, correlation.Line, correlation.Column,
                $"field '{field}' is not a group-by of the referenced correlation '{inner.Id}', so its matches carry no value for it"));
        }

        return index;
    }
}
