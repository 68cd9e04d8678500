namespace TrailWatcher.Detection.Rules;

/// <summary>How matches of one rule are grouped into one alert: a key template over event fields and a period.</summary>
/// <param name="Key">The compiled key template; the rule id when the rule gave none.</param>
/// <param name="Period">How long one alert collects later matches.</param>
public sealed record DedupSettings(DedupKeyTemplate Key, TimeSpan Period)
{
    /// <summary>The key template as written.</summary>
    public string KeyTemplate => Key.Text;

    public bool Equals(DedupSettings? other) => other is not null && KeyTemplate == other.KeyTemplate && Period == other.Period;

    public override int GetHashCode() => HashCode.Combine(KeyTemplate, Period);
}
