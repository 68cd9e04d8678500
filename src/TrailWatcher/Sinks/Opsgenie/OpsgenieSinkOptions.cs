using System.ComponentModel.DataAnnotations;
using TrailWatcher.Configuration;

namespace TrailWatcher.Sinks.Opsgenie;

/// <summary>The Opsgenie sink (<c>TrailWatcher:Sinks:Opsgenie</c>): the Alert API; on when <see cref="ApiKey"/> is set.</summary>
internal sealed class OpsgenieSinkOptions : AlertSinkOptions, IValidatableObject
{
    public const string DefaultUrl = "https://api.opsgenie.com/v2/alerts";

    public string Url { get; set; } = DefaultUrl;

    /// <summary>The key of an API integration, sent as <c>Authorization: GenieKey …</c>; a credential, never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>One request's timeout.</summary>
    [Range(0.1, 600)]
    public double TimeoutSeconds { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(ApiKey);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Enabled && !HttpUrl.IsAbsolute(Url))
        {
            yield return new ValidationResult($"'{Url}' is not an absolute http(s) URL", [nameof(Url)]);
        }

        // A header value cannot span lines; say so without repeating the key.
        if (Enabled && ApiKey!.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            yield return new ValidationResult("holds white space or control characters", [nameof(ApiKey)]);
        }

        if (Format == AlertFormat.Ocsf)
        {
            yield return new ValidationResult("Opsgenie alerts have their own shape (message, description, details); Ocsf does not apply", [nameof(Format)]);
        }
    }
}
