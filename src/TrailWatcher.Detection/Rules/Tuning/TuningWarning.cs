namespace TrailWatcher.Detection.Rules.Tuning;

/// <summary>Something in a tuning file that does not stop loading but that its owner must hear about (an exception past its expiry).</summary>
public sealed record TuningWarning(string File, int Line, string Message)
{
    public override string ToString() => $"{File}:{Line}: {Message}";
}
