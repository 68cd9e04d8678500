namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>What a lookup compares the left value with: list membership, a wildcard pattern, or a regular expression.</summary>
internal enum EqlLookupKind
{
    /// <summary><c>in</c> / <c>in~</c> / <c>not in</c>: equality with one of the values.</summary>
    In,

    /// <summary><c>:</c>, <c>like</c>, <c>like~</c>: a whole-value wildcard pattern.</summary>
    Like,

    /// <summary><c>regex</c>, <c>regex~</c>: a regular expression over the whole value.</summary>
    Regex,
}
