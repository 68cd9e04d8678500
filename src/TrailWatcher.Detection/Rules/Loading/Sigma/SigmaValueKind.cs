namespace TrailWatcher.Detection.Rules.Loading.Sigma;

/// <summary>What a Sigma field's values are compared as, chosen by its modifiers.</summary>
internal enum SigmaValueKind
{
    /// <summary>Text: equality or <c>contains</c> / <c>startswith</c> / <c>endswith</c>, with wildcards.</summary>
    Text,
    Regex,
    Cidr,
    Numeric,
    Exists,
    FieldReference,
}
