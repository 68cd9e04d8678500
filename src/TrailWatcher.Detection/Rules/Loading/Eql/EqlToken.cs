namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>One token: its kind, its value (a string's content after escapes), the text as written, and where it starts.</summary>
internal sealed record EqlToken(EqlTokenKind Kind, string Value, string Text, int Line, int Column, int Offset)
{
    public bool Is(string symbol) => Kind == EqlTokenKind.Symbol && Value == symbol;

    /// <summary>True for a bare identifier equal to the keyword; keywords ignore case, as in EQL.</summary>
    public bool IsKeyword(string keyword) =>
        Kind == EqlTokenKind.Identifier && string.Equals(Value, keyword, StringComparison.OrdinalIgnoreCase);

    public EqlParseException Error(string reason) =>
        new(Line, Column, Kind == EqlTokenKind.End ? null : Text, reason);
}
