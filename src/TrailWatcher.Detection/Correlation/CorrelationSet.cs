using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Rules;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Correlation;

/// <summary>Correlation rules with their references resolved against the loaded rules, in evaluation order; built by <see cref="CorrelationResolver"/>.</summary>
public sealed class CorrelationSet
{
    private readonly Dictionary<string, List<(CompiledCorrelation Correlation, CorrelationInput Input)>> _byRuleId;
    private readonly HashSet<string> _inputOnly;

    internal CorrelationSet(IReadOnlyList<CompiledCorrelation> compiled)
    {
        Compiled = compiled;
        Correlations = [.. compiled.Select(c => c.Rule)];
        _byRuleId = new(StringComparer.Ordinal);
        foreach (var correlation in compiled)
        {
            foreach (var input in correlation.AllInputs.Where(i => i.Rule is not null))
            {
                if (!_byRuleId.TryGetValue(input.Rule!.Id, out var list))
                {
                    _byRuleId[input.Rule.Id] = list = [];
                }

                list.Add((correlation, input));
            }
        }

        var projections = new Dictionary<string, MatchProjection>(StringComparer.Ordinal);
        foreach (var (ruleId, routes) in _byRuleId)
        {
            var paths = new List<FieldPath>();
            foreach (var (_, input) in routes)
            {
                paths.AddRange(input.GroupPaths);
                if (input.ValuePath is { } valuePath)
                {
                    paths.Add(valuePath);
                }
            }

            projections[ruleId] = new MatchProjection(paths);
        }

        Projections = projections;

        // A rule stays an alert of its own when any correlation referring to it says generate: true.
        // Plain loops: this runs at every start, and LINQ over tuples is code the shipped build compiles at run time.
        var generates = new Dictionary<string, bool>(StringComparer.Ordinal);
        foreach (var correlation in compiled)
        {
            foreach (var input in correlation.AllInputs)
            {
                var id = input.Rule?.Id ?? input.Inner!.Id;
                generates[id] = (generates.TryGetValue(id, out var any) && any) || correlation.Rule.Generate;
            }
        }

        _inputOnly = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, generate) in generates)
        {
            if (!generate)
            {
                _inputOnly.Add(id);
            }
        }
    }

    /// <summary>An empty set: nothing is correlated.</summary>
    public static CorrelationSet Empty { get; } = new([]);

    /// <summary>The correlations, each after those it refers to.</summary>
    public IReadOnlyList<CorrelationRule> Correlations { get; }

    internal IReadOnlyList<CompiledCorrelation> Compiled { get; }

    /// <summary>
    /// Per referenced rule id, the fields its correlations read from a match: given to the evaluator
    /// (<see cref="RecordEvaluator.Projections"/>), they are read while the record is parsed, not from a second parse.
    /// </summary>
    public IReadOnlyDictionary<string, MatchProjection> Projections { get; }

    /// <summary>True when some correlation takes this rule's matches as input, so the pipeline must hand them to the engine.</summary>
    public bool IsReferenced(string ruleId) => _byRuleId.ContainsKey(ruleId);

    /// <summary>
    /// True when every correlation referring to this rule (or correlation) id leaves <c>generate</c> false: its matches are
    /// input to correlations only, and the pipeline should not raise them as alerts of their own.
    /// </summary>
    public bool IsInputOnly(string ruleOrCorrelationId) => _inputOnly.Contains(ruleOrCorrelationId);

    /// <summary>
    /// Rules by id and by Sigma name: the lookup <see cref="CorrelationResolver.Resolve"/> takes. A name that is also a
    /// rule's id, or that several rules share, is left out: a reference to it must not silently pick one of them.
    /// </summary>
    public static IReadOnlyDictionary<string, Rule> IndexRules(IEnumerable<Rule> rules)
    {
        ArgumentNullException.ThrowIfNull(rules);
        var list = rules.ToList();
        var index = new Dictionary<string, Rule>(StringComparer.Ordinal);
        foreach (var rule in list)
        {
            index.TryAdd(rule.Id, rule);
        }

        var names = list.Where(r => r.Name is not null).GroupBy(r => r.Name!, StringComparer.Ordinal);
        foreach (var name in names.Where(n => n.Count() == 1 && !index.ContainsKey(n.Key)))
        {
            index[name.Key] = name.Single();
        }

        return index;
    }

    /// <summary>The single-event rules whose matches feed a correlation, directly or through the correlations it refers to (its until rule too).</summary>
    public IReadOnlyList<Rule> InputRules(CorrelationRule correlation)
    {
        ArgumentNullException.ThrowIfNull(correlation);
        var rules = new List<Rule>();
        void Collect(CorrelationRule current)
        {
            foreach (var input in Compiled.FirstOrDefault(c => c.Rule == current)?.AllInputs ?? [])
            {
                if (input.Rule is { } rule && !rules.Contains(rule))
                {
                    rules.Add(rule);
                }
                else if (input.Inner is { } inner)
                {
                    Collect(inner);
                }
            }
        }

        Collect(correlation);
        return rules;
    }

    internal IReadOnlyList<(CompiledCorrelation Correlation, CorrelationInput Input)> For(string ruleId) =>
        _byRuleId.TryGetValue(ruleId, out var list) ? list : [];
}
