using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Tuning;

/// <summary>A rule id or a glob over ids (<c>AWS.S3.*</c>: <c>*</c> any run, <c>?</c> any one character) naming the rules a tuning entry changes.</summary>
internal sealed class RuleSelector(string text, int line, int column)
{
    private readonly WildcardPattern _pattern = new(text, ignoreCase: false);

    public string Text { get; } = text;

    public int Line { get; } = line;

    public int Column { get; } = column;

    public bool IsGlob => _pattern.HasWildcards;

    public bool Matches(string ruleId) => _pattern.IsMatch(ruleId);
}
