using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>A compiled EQL value expression: the values it takes on a record (several for a multi-valued field, none for null).</summary>
internal abstract class EqlExpression
{
    /// <summary>Adds every value the expression takes on the record; adds none when it is null or missing.</summary>
    public abstract void Evaluate(EventRecord record, List<EqlScalar> values);

    /// <summary>Adds the fields the expression reads; none for a literal.</summary>
    public virtual void CollectFields(List<FieldReader> fields)
    {
    }

    public List<EqlScalar> Evaluate(EventRecord record)
    {
        var values = new List<EqlScalar>(1);
        Evaluate(record, values);
        return values;
    }
}
