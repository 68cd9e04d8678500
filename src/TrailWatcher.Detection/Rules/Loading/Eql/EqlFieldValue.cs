using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>The scalar values of a field: each array element counts as a value, null and objects as none.</summary>
internal sealed class EqlFieldValue(FieldReader field) : EqlExpression
{
    public FieldReader Field { get; } = field;

    public override void CollectFields(List<FieldReader> fields) => fields.Add(Field);

    public override void Evaluate(EventRecord record, List<EqlScalar> values)
    {
        foreach (var value in Field.Resolve(record))
        {
            EqlScalar.AddFrom(value, values);
        }
    }
}
