using System.ComponentModel.DataAnnotations;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Sinks.Routing;

/// <summary>Which alerts one sink takes (<c>TrailWatcher:Sinks:&lt;Sink&gt;:Route</c>); every condition set must hold, an empty one admits all.</summary>
internal sealed class SinkRouteOptions : IValidatableObject
{
    /// <summary>Lowest severity taken (info, low, medium, high, critical).</summary>
    public string? MinSeverity { get; set; }

    /// <summary>Rule ids or globs (<c>AWS.IAM.*</c>); an alert of any of them is taken.</summary>
    public List<string> Rules { get; set; } = [];

    /// <summary>Rule tags; an alert whose rule has any of them is taken (case ignored).</summary>
    public List<string> Tags { get; set; } = [];

    /// <summary>AWS account ids, or the names or environments <c>TrailWatcher:Accounts</c> gives accounts; an alert raised in any of them is taken.</summary>
    public List<string> Accounts { get; set; } = [];

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!string.IsNullOrWhiteSpace(MinSeverity) && !SeverityNames.TryParse(MinSeverity.Trim(), out _))
        {
            yield return new ValidationResult($"'{MinSeverity}' is not a severity ({SeverityNames.List})", [nameof(MinSeverity)]);
        }

        for (var i = 0; i < Rules.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Rules[i]) || Rules[i].Any(char.IsWhiteSpace))
            {
                yield return new ValidationResult($"'{Rules[i]}' is not a rule id or glob", [$"{nameof(Rules)}:{i}"]);
            }
        }

        for (var i = 0; i < Tags.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(Tags[i]))
            {
                yield return new ValidationResult("is empty", [$"{nameof(Tags)}:{i}"]);
            }
        }

        for (var i = 0; i < Accounts.Count; i++)
        {
            // Anything but an id names an account or an environment of TrailWatcher:Accounts; AccountRouteValidator checks it is known.
            if (string.IsNullOrWhiteSpace(Accounts[i]) || (Accounts[i].Trim().All(char.IsAsciiDigit) && Accounts[i].Trim().Length != 12))
            {
                yield return new ValidationResult($"'{Accounts[i]}' is not a 12-digit AWS account id, nor an account or environment name", [$"{nameof(Accounts)}:{i}"]);
            }
        }
    }
}
