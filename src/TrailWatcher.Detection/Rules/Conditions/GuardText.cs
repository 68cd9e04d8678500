namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>One text a <see cref="RecordGuard"/> searches a record for, with or without regard to ASCII case.</summary>
public readonly record struct GuardText(string Text, bool IgnoreCase)
{
    public override string ToString() => IgnoreCase ? "~" + Text : Text;
}
