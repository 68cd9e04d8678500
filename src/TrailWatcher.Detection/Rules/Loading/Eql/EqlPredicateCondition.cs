using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>An expression used as a condition (a boolean function, a boolean field): true when any of its values is <c>true</c>.</summary>
internal sealed class EqlPredicateCondition(EqlExpression expression) : Condition
{
    public override bool Matches(EventRecord record) =>
        expression.Evaluate(record).Any(v => v is { Kind: EqlScalarKind.Boolean, Boolean: true });

    internal override void CollectFields(List<FieldReader> fields) => expression.CollectFields(fields);
}
