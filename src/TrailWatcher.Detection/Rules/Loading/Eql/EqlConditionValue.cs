using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>A condition used as a value (a comparison passed to a function, say): true or false, never null.</summary>
internal sealed class EqlConditionValue(Condition condition) : EqlExpression
{
    public override void Evaluate(EventRecord record, List<EqlScalar> values) => values.Add(EqlScalar.Of(condition.Matches(record)));

    public override void CollectFields(List<FieldReader> fields) => condition.CollectFields(fields);
}
