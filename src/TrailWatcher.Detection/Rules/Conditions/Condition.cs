using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>A predicate over one CloudTrail record.</summary>
public abstract class Condition
{
    public abstract bool Matches(JsonElement record);
}
