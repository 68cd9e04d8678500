using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Loading.Sigma;

/// <summary>What Sigma keywords (values without a field) search: the record's whole JSON text as written.</summary>
internal static class SigmaKeywordField
{
    /// <summary>One reader for all rules, so a record's text is built once whatever the number of keyword leaves.</summary>
    public static DerivedField Instance { get; } = new("(keywords)", record => [DerivedField.TextValue(record.Root.GetRawText())]);
}
