using System.ComponentModel.DataAnnotations;
using TrailWatcher.Configuration;

namespace TrailWatcher.Sinks.Webhook;

/// <summary>The HTTP webhook sink (<c>TrailWatcher:Sinks:Webhook</c>); on when <see cref="Url"/> is set.</summary>
internal sealed class WebhookSinkOptions : AlertSinkOptions, IValidatableObject
{
    /// <summary>Where alerts are POSTed. A Slack webhook URL is itself a secret: it is never logged.</summary>
    public string? Url { get; set; }

    [EnumDataType(typeof(WebhookStyle))]
    public WebhookStyle Style { get; set; } = WebhookStyle.Native;

    /// <summary>Native style only: POST a JSON array of up to <see cref="BatchSize"/> alerts instead of one request per alert.</summary>
    public bool Batch { get; set; }

    [Range(1, 1_000)]
    public int BatchSize { get; set; } = 50;

    /// <summary>Extra request headers (e.g. Authorization); values are never logged.</summary>
    public Dictionary<string, string> Headers { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>One request's timeout.</summary>
    [Range(0.1, 600)]
    public double TimeoutSeconds { get; set; } = 10;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        // The URL may carry a token (Slack's do): say what is wrong with it without repeating it.
        if (Enabled && !HttpUrl.IsAbsolute(Url))
        {
            yield return new ValidationResult("is not an absolute http(s) URL", [nameof(Url)]);
        }

        if (Style == WebhookStyle.Slack && Format == AlertFormat.Ocsf)
        {
            yield return new ValidationResult("Ocsf applies to Style=Native only; Slack messages have their own shape", [nameof(Format)]);
        }

        if (Style == WebhookStyle.Slack && Batch)
        {
            yield return new ValidationResult("Slack style posts one message per alert; Batch needs Style=Native", [nameof(Batch)]);
        }

        foreach (var (name, value) in Headers)
        {
            if (!IsToken(name))
            {
                yield return new ValidationResult($"'{name}' is not a valid HTTP header name", [$"{nameof(Headers)}:{name}"]);
            }
            else if (string.IsNullOrEmpty(value) || value.Any(c => c is '\r' or '\n'))
            {
                yield return new ValidationResult("is empty or spans lines", [$"{nameof(Headers)}:{name}"]);
            }
            else if (name.Equals("Idempotency-Key", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
            {
                yield return new ValidationResult("is set by TrailWatcher itself", [$"{nameof(Headers)}:{name}"]);
            }
        }
    }

    private static bool IsToken(string name) =>
        name.Length > 0 && name.All(c => char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal));
}
