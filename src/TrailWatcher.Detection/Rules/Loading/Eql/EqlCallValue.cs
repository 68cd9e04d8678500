using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>A function (or an arithmetic operator) applied to every combination of its arguments' values.</summary>
/// <remarks>A multi-valued argument makes the call multi-valued, so a comparison on the result holds when any value does.</remarks>
internal sealed class EqlCallValue(EqlFunction function, bool ignoreCase, EqlExpression[] arguments) : EqlExpression
{
    public EqlFunction Function { get; } = function;

    public override void CollectFields(List<FieldReader> fields)
    {
        foreach (var argument in arguments)
        {
            argument.CollectFields(fields);
        }
    }

    public override void Evaluate(EventRecord record, List<EqlScalar> values)
    {
        var lists = new List<EqlScalar>[arguments.Length];
        for (var i = 0; i < arguments.Length; i++)
        {
            lists[i] = arguments[i].Evaluate(record);
        }

        Combine(lists, new EqlScalar?[arguments.Length], 0, values);
    }

    // An argument without a value is passed as null: most functions then return null, as the reference says.
    private void Combine(List<EqlScalar>[] lists, EqlScalar?[] current, int index, List<EqlScalar> values)
    {
        if (index == lists.Length)
        {
            if (Function.Apply(current, ignoreCase) is { } result)
            {
                values.Add(result);
            }

            return;
        }

        if (lists[index].Count == 0)
        {
            current[index] = null;
            Combine(lists, current, index + 1, values);
            return;
        }

        foreach (var value in lists[index])
        {
            current[index] = value;
            Combine(lists, current, index + 1, values);
        }
    }
}
