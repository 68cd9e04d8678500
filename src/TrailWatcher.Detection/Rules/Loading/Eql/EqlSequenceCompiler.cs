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
    /// <param name="ruleId">The rule's id; step N's conditions name <c>ruleId#stepN</c> in evaluation errors.</param>
    /// <exception cref="EqlParseException">
    /// The query is malformed or unsupported (<c>until</c>, <c>runs</c>, missing events, pipes), a step does not compile,
    /// the steps have different numbers of join keys, or a join key is unknown or not a plain record path.
    /// </exception>
    public static EqlSequence Compile(string query, Func<string, FieldReader?> resolve, string? categoryField = null, string? ruleId = null)
    {
        ArgumentNullException.ThrowIfNull(query);
        ArgumentNullException.ThrowIfNull(resolve);
        var sequence = EqlParser.ParseSequence(query);
        if (sequence.Until is { } until)
        {
            // The correlation engine has no expiring event; silently ignoring 'until' would raise sequences Elastic does not.
            throw until.At.Error("'until' is not supported: the correlation engine cannot expire a partial sequence (leave it out, or split the rule)");
        }

        var id = ruleId ?? "eql";
        var joinKeys = sequence.SharedKeys.Count + sequence.Steps[0].Keys.Count;
        var steps = new List<EqlSequenceStep>();
        for (var i = 0; i < sequence.Steps.Count; i++)
        {
            var step = sequence.Steps[i];
            var keys = sequence.SharedKeys.Concat(step.Keys).ToList();
            if (keys.Count != joinKeys)
            {
                throw (step.Keys.Count > 0 ? step.Keys[0].At : step.At).Error(
                    $"every step needs the same number of join keys: step 1 has {joinKeys}, step {i + 1} has {keys.Count}");
            }

            var condition = new EqlCompiler(resolve, $"{id}#step{i + 1}").Compile(step.Query, categoryField ?? EqlQuery.DefaultCategoryField);
            steps.Add(new EqlSequenceStep(condition, [.. keys.Select(k => (k.Name, KeyPath(k, resolve)))]));
        }

        return new EqlSequence(steps, sequence.Maxspan, joinKeys);
    }

    private static FieldPath KeyPath(EqlFieldNode key, Func<string, FieldReader?> resolve) => resolve(key.Name) switch
    {
        null => throw key.At.Error($"unknown field '{key.Name}'"),
        FieldPath path => path,
        _ => throw key.At.Error(
            $"'{key.Name}' cannot be a join key: it is computed from the record, and sequences join on fields read as they are (a plain record path, such as aws.cloudtrail.user_identity.arn)"),
    };
}
