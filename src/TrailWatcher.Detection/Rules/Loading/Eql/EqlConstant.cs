using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>A literal value; null yields no value.</summary>
internal sealed class EqlConstant(EqlScalar? value) : EqlExpression
{
    public EqlScalar? Value { get; } = value;

    public override void Evaluate(EventRecord record, List<EqlScalar> values)
    {
        if (Value is { } value)
        {
            values.Add(value);
        }
    }
}
