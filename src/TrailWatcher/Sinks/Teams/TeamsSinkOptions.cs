using System.ComponentModel.DataAnnotations;
using TrailWatcher.Configuration;

namespace TrailWatcher.Sinks.Teams;

/// <summary>The Microsoft Teams sink (<c>TrailWatcher:Sinks:Teams</c>): an Adaptive Card per alert; on when <see cref="Url"/> is set.</summary>
internal sealed class TeamsSinkOptions : AlertSinkOptions, IValidatableObject
{
    /// <summary>The channel's Workflows (or incoming webhook) URL. It carries its own signature, so it is a credential: never logged.</summary>
    public string? Url { get; set; }

    /// <summary>One request's timeout.</summary>
    [Range(0.1, 600)]
    public double TimeoutSeconds { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // Say what is wrong with the URL without repeating it.
        if (Enabled && !HttpUrl.IsAbsolute(Url))
        {
            yield return new ValidationResult("is not an absolute http(s) URL", [nameof(Url)]);
        }

        if (Format == AlertFormat.Ocsf)
        {
            yield return new ValidationResult("Teams messages have their own shape (an Adaptive Card); Ocsf does not apply", [nameof(Format)]);
        }
    }
}
