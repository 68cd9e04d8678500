using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>Reads a rule or tuning file's YAML once, reporting a syntax error with its position rather than throwing.</summary>
internal static partial class YamlFile
{
    /// <summary>The file's documents, or null when its YAML is malformed (the error went to the context).</summary>
    public static YamlStream? Load(string yaml, LoadContext context)
    {
        var stream = new YamlStream();
        // The rule files' plain YAML is read by the subset reader; anything else, errors included, by YamlDotNet.
        IParser events = YamlSubsetReader.TryRead(yaml) is { } read ? new ReplayedParser(read) : new Parser(new StringReader(yaml));
        var parser = new TrackingParser(events);
        try
        {
            stream.Load(parser);
            return stream;
        }
        catch (YamlException ex)
        {
            context.Error(ex.Start, $"YAML syntax error: {StripMark(ex.Message)}");
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // YamlDotNet's representation model throws these for some malformed input (an ArgumentException
            // "unsupported type" for a key with no text in a block mapping, "a:\n : b"). Their messages would
            // not help a rule author; the position does.
            context.Error(parser.LastGoodMark, "YAML syntax error: cannot parse past this point (check for an unclosed bracket or quote)");
        }

        return null;
    }

    /// <summary>YamlDotNet prefixes its message with the marks we already report; keep just the reason.</summary>
    private static string StripMark(string message) => MarkPrefixPattern().Replace(message, "");

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarkPrefixPattern();
}
