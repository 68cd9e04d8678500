namespace TrailWatcher.Detection.Tests.Reading;

/// <summary>How a generated log is written out.</summary>
public enum JsonLayout
{
    /// <summary>System.Text.Json, no whitespace, default (escaping) encoder.</summary>
    Compact,

    /// <summary>System.Text.Json with WriteIndented.</summary>
    Indented,

    /// <summary>System.Text.Json, no whitespace, relaxed encoder (literal non-ASCII).</summary>
    CompactRelaxed,

    /// <summary>Random whitespace between tokens and random escaping of characters in keys and values.</summary>
    Scrambled,
}
