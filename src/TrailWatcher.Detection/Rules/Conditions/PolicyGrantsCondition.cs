
namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary><c>policy_grants</c>: a policy document at the field (JSON text or object) grants access publicly or to another account.</summary>
internal sealed class PolicyGrantsCondition(FieldReader field, PolicyGrant grant) : Condition
{
    public FieldReader Field { get; } = field;

    internal override void CollectFields(List<FieldReader> fields) => fields.Add(Field);

    public override bool Matches(EventRecord record)
    {
        var ownAccount = RecordText.Account(record.Root);
        foreach (var value in Field.Resolve(record))
        {
            if (PolicyDocument.Grants(value, grant, ownAccount))
            {
                return true;
            }
        }

        return false;
    }
}
