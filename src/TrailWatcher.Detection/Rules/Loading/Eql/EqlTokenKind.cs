namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>The kinds of token the EQL lexer produces.</summary>
internal enum EqlTokenKind
{
    /// <summary>A bare name: a keyword, a function name or a field name (dots included).</summary>
    Identifier,

    /// <summary>A field name in backticks; never a keyword.</summary>
    QuotedIdentifier,
    String,
    Integer,
    Decimal,

    /// <summary>Punctuation or an operator: <c>== != &lt; &lt;= &gt; &gt;= : ( ) , ~ + - * / % |</c>.</summary>
    Symbol,

    /// <summary>A time value after <c>maxspan=</c>, digits and a unit as written (<c>15m</c>); checked by the parser.</summary>
    Duration,
    End,
}
