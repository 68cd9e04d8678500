using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>
/// Compiles an EQL <c>sequence</c> query: each step with the single-event compiler, and each <c>by</c> field to the record
/// path the correlation engine groups by. A join key must resolve to a plain <see cref="FieldPath"/>: the engine reads
/// group values by path, so a field the resolver computes (a <see cref="DerivedField"/>) cannot join.
/// </summary>
public static class EqlSequenceCompiler
{
    /// <summary>True when the query is a <c>sequence</c> (its first word, after comments); never throws.</summary>
    public static bool IsSequence(string query)
    {
        ArgumentNullException.ThrowIfNull(query);
        return EqlLexer.StartsWithKeyword(query, "sequence");
    }

    /// <summary>Parses and compiles a sequence query.</summary>
    /// <param name="query">The EQL text, starting with <c>sequence</c>.</param>
    /// <param name="resolve">Maps a field name to what a condition reads; null for an unknown name.</param>
    /// <param name="categoryField">The field a step's category is compared with; <see cref="EqlQuery.DefaultCategoryField"/> when null.</param>
    /// <param name="ruleId">The rule's id; step N's conditions name <c>ruleId#stepN</c> in evaluation errors, the until step's <c>ruleId#until</c>.</param>
    /// <exception cref="EqlParseException">
    /// The query is malformed or unsupported (<c>runs</c>, missing events, pipes), a step (or the <c>until</c> step) does not compile,
    /// the steps have different numbers of join keys, or a join key is unknown or not a plain record path.
    /// </exception>
    public static EqlSequence Compile(string query, Func<string, FieldReader?> resolve, string? categoryField = null, string? ruleId = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(resolve);
        var sequence = EqlParser.ParseSequence(query);
        var id = ruleId ?? "eql";
        var category = categoryField ?? EqlQuery.DefaultCategoryField;
        var joinKeys = sequence.SharedKeys.Count + sequence.Steps[0].Keys.Count;
        var steps = new List<EqlSequenceStep>();
        for (var i = 0; i < sequence.Steps.Count; i++)
        {
            steps.Add(Step(sequence, sequence.Steps[i], $"step {i + 1}", $"{id}#step{i + 1}", joinKeys, resolve, category));
        }

        var until = sequence.Until is { } node ? Step(sequence, node, "the until step", $"{id}#until", joinKeys, resolve, category) : null;
        return new EqlSequence(steps, sequence.Maxspan, joinKeys) { Until = until };
    }

    private static EqlSequenceStep Step(
        EqlSequenceNode sequence, EqlSequenceStepNode step, string name, string stepRuleId, int joinKeys, Func<string, FieldReader?> resolve, string categoryField)
    {
        var keys = sequence.SharedKeys.Concat(step.Keys).ToList();
        if (keys.Count != joinKeys)
        {
            throw (step.Keys.Count > 0 ? step.Keys[0].At : step.At).Error(
                $"every step needs the same number of join keys: step 1 has {joinKeys}, {name} has {keys.Count}");
        }

        var condition = new EqlCompiler(resolve, stepRuleId).Compile(step.Query, categoryField);
        return new EqlSequenceStep(condition, [.. keys.Select(k => (k.Name, KeyPath(k, resolve)))]);
    }

    private static FieldPath KeyPath(EqlFieldNode key, Func<string, FieldReader?> resolve) => resolve(key.Name) switch
    {
        null => throw key.At.Error($"unknown field '{key.Name}'"),
        FieldPath path => path,
        _ => throw key.At.Error(
            $"'{key.Name}' cannot be a join key: it is computed from the record, and sequences join on fields read as they are (a plain record path, such as aws.cloudtrail.user_identity.arn)"),
    };
}
