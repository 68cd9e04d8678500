namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>One text a <see cref="RecordGuard"/> searches a record for, with or without regard to ASCII case.</summary>
/// <param name="Text">The text as unescaped JSON holds it.</param>
/// <param name="IgnoreCase">True to compare ASCII letters without regard to case.</param>
/// <param name="Scope">
/// When set, the text can only stand in the value of a key of this name (at any depth), so only those values are
/// searched; null searches the whole record.
/// </param>
/// <param name="InIdentity">True when the text can only stand inside the value of the record's top-level <c>userIdentity</c>.</param>
public readonly record struct GuardText(string Text, bool IgnoreCase, string? Scope = null, bool InIdentity = false)
{
    public override string ToString() => IgnoreCase ? "~" + Text : Text;
}
