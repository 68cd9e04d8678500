namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>An EQL query that cannot be parsed or compiled, with the line, column and text of the offending token.</summary>
public sealed class EqlParseException : FormatException
{
    public EqlParseException()
        : this("invalid EQL query")
    {
    }

    public EqlParseException(string message)
        : base(message)
    {
        Reason = message;
    }

    public EqlParseException(string message, Exception inner)
        : base(message, inner)
    {
        Reason = message;
    }

    internal EqlParseException(int line, int column, string? token, string reason)
        : base($"line {line}, column {column}: {reason}")
    {
        Line = line;
        Column = column;
        Token = token;
        Reason = reason;
    }

    /// <summary>The 1-based line of the offending token; 0 when unknown.</summary>
    public int Line { get; }

    /// <summary>The 1-based column of the offending token; 0 when unknown.</summary>
    public int Column { get; }

    /// <summary>The offending token's text as written, or null at the end of the query.</summary>
    public string? Token { get; }

    /// <summary>The message without its position.</summary>
    public string Reason { get; }
}
