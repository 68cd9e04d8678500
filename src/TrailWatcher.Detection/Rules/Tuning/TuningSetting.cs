namespace TrailWatcher.Detection.Rules.Tuning;

/// <summary>One value a tuning entry sets, with the text shown in listings and where it is written.</summary>
/// <param name="Value">The parsed value.</param>
/// <param name="Text">The value as listings show it.</param>
/// <param name="Line">1-based line of the value.</param>
/// <param name="Column">1-based column of the value.</param>
internal sealed record TuningSetting<T>(T Value, string Text, int Line, int Column);
