namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>Whom a policy document's <c>policy_grants:</c> test looks for.</summary>
public enum PolicyGrant
{
    /// <summary><c>public</c>: anyone (<c>*</c>), not narrowed by a condition on the caller's network, account or organisation.</summary>
    Public,

    /// <summary><c>cross_account</c>: a principal of another AWS account than the one the record belongs to.</summary>
    CrossAccount,

    /// <summary><c>external</c>: either of the two.</summary>
    External,
}
