using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary><c>expression != null</c> for an expression that is not a plain field: it yields at least one value.</summary>
internal sealed class EqlHasValueCondition(EqlExpression expression) : Condition
{
    public override bool Matches(EventRecord record) => expression.Evaluate(record).Count > 0;

    internal override void CollectFields(List<FieldReader> fields) => expression.CollectFields(fields);
}
