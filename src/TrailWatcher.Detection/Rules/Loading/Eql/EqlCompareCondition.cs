using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>A comparison between two expressions no existing leaf expresses (functions, arithmetic, two fields, numeric equality).</summary>
/// <remarks>
/// True when some pair of values satisfies it; <c>!=</c> is true when both sides have a value and no pair is equal,
/// so a missing side never satisfies any comparison. Not a leaf: guards and index keys see no constraint in it.
/// </remarks>
internal sealed class EqlCompareCondition(EqlExpression left, string op, EqlExpression right) : Condition
{
    public override bool Matches(EventRecord record)
    {
        var lefts = left.Evaluate(record);
        if (lefts.Count == 0)
        {
            return false;
        }

        var rights = right.Evaluate(record);
        if (rights.Count == 0)
        {
            return false;
        }

        if (op == "!=")
        {
            return !lefts.Any(l => rights.Any(r => EqlCompare.AreEqual(l, r, ignoreCase: false)));
        }

        foreach (var l in lefts)
        {
            foreach (var r in rights)
            {
                if (EqlCompare.Holds(op, l, r))
                {
                    return true;
                }
            }
        }

        return false;
    }

    internal override void CollectFields(List<FieldReader> fields)
    {
        left.CollectFields(fields);
        right.CollectFields(fields);
    }
}
