using System.ComponentModel.DataAnnotations;
using TrailWatcher.Configuration;

namespace TrailWatcher.Sinks.OpenSearch;

/// <summary>The OpenSearch / Elasticsearch sink (<c>TrailWatcher:Sinks:OpenSearch</c>); on when <see cref="Url"/> is set.</summary>
internal sealed class OpenSearchSinkOptions : AlertSinkOptions, IValidatableObject
{
    /// <summary>The cluster, e.g. <c>https://search.example.com:9200</c>; <c>/_bulk</c> is added.</summary>
    public string? Url { get; set; }

    /// <summary>The index, alias or data stream documents go to.</summary>
    public string Index { get; set; } = "trailwatcher-alerts";

    /// <summary>True: <see cref="Index"/> is a data stream, whose documents can only be created, never overwritten.</summary>
    public bool DataStream { get; set; }

    /// <summary>Basic authentication; with <see cref="Password"/>.</summary>
    public string? Username { get; set; }

    /// <summary>Never logged. Best set from the environment.</summary>
    public string? Password { get; set; }

    /// <summary>An Elasticsearch API key (the base64 <c>encoded</c> value), sent as <c>Authorization: ApiKey …</c>; never logged.</summary>
    public string? ApiKey { get; set; }

    /// <summary>Documents per <c>_bulk</c> request.</summary>
    [Range(1, 10_000)]
    public int BatchSize { get; set; } = 200;

    /// <summary>One request's timeout.</summary>
    [Range(0.1, 600)]
    public double TimeoutSeconds { get; set; } = 30;

    public bool Enabled => !string.IsNullOrWhiteSpace(Url);

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (!Enabled)
        {
            yield break;
        }

        if (!HttpUrl.IsAbsolute(Url))
        {
            yield return new ValidationResult("is not an absolute http(s) URL", [nameof(Url)]);
        }

        if (!IsIndexName(Index))
        {
            yield return new ValidationResult($"'{Index}' is not an index name (lower case; no spaces, commas, \\ / * ? \" < > | #; not starting with _ - +)", [nameof(Index)]);
        }

        // Said without repeating the values: they are credentials.
        if (!string.IsNullOrEmpty(ApiKey) && (!string.IsNullOrEmpty(Username) || !string.IsNullOrEmpty(Password)))
        {
            yield return new ValidationResult("and Username/Password are both set; use one way to authenticate", [nameof(ApiKey)]);
        }

        if (string.IsNullOrEmpty(Username) != string.IsNullOrEmpty(Password))
        {
            yield return new ValidationResult("and Password go together: set both for basic authentication, or neither", [nameof(Username)]);
        }

        if (Username?.Contains(':', StringComparison.Ordinal) == true)
        {
            yield return new ValidationResult("holds ':', which basic authentication cannot carry in a user name", [nameof(Username)]);
        }

        foreach (var (name, value) in new (string, string?)[] { (nameof(Username), Username), (nameof(Password), Password), (nameof(ApiKey), ApiKey) })
        {
            if (value?.Any(char.IsControl) == true)
            {
                yield return new ValidationResult("holds a line break or control character", [name]);
            }
        }
    }

    private static bool IsIndexName(string? name) =>
        !string.IsNullOrEmpty(name)
        && name.Length <= 255
        && name is not ("." or "..")
        && name[0] is not ('_' or '-' or '+')
        && !name.Any(c => char.IsUpper(c) || char.IsWhiteSpace(c) || c is ',' or '\\' or '/' or '*' or '?' or '"' or '<' or '>' or '|' or '#' or ':');
}
