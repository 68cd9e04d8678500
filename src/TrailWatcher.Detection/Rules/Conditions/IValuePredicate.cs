using System.Text.Json;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>A test of one resolved value; an interface rather than a delegate so a walk allocates no closure.</summary>
internal interface IValuePredicate
{
    bool Test(JsonElement value);
}
