namespace TrailWatcher.Detection.Testing;

/// <summary>A field a rule reads and its value in one record, as text for people: JSON for a value, <c>(none)</c> when it has none.</summary>
public sealed record FieldValue(string Field, string Value)
{
    public override string ToString() => $"{Field} = {Value}";
}
