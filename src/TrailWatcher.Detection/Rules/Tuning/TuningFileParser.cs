using System.Globalization;
using System.Text.RegularExpressions;
using TrailWatcher.Detection.Rules.Loading;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace TrailWatcher.Detection.Rules.Tuning;

/// <summary>Parses one tuning file into its entries, reporting every problem with its position rather than stopping at the first.</summary>
internal sealed partial class TuningFileParser
{
    private static readonly string[] EntryKeys = ["rules", "enabled", "severity", "signal", "dedup", "threshold", "exceptions"];

    private readonly LoadContext _context;
    private readonly TuningNodeReader _read;
    private readonly ExceptionClauseParser _exceptions;

    public TuningFileParser(LoadContext context)
    {
        _context = context;
        _read = new TuningNodeReader(context);
        _exceptions = new ExceptionClauseParser(_read);
    }

    /// <summary>The entries that parsed (an entry with a bad value keeps its good ones); the problems went to the context.</summary>
    public List<TuningEntry> Parse(string yaml)
    {
        if (YamlFile.Load(yaml, _context) is not { } stream)
        {
            return [];
        }

        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            _context.Error(stream.Documents.Count == 0 ? Mark.Empty : stream.Documents[0].RootNode.Start, "a tuning file is a mapping with one key, 'tuning', holding a list of entries");
            return [];
        }

        if (stream.Documents.Count > 1)
        {
            _context.Error(stream.Documents[1].RootNode, "one tuning document per file: found a second YAML document");
        }

        var fields = _read.Yaml.ReadKeys(root, ["tuning"], "top-level key");
        if (_read.Yaml.Required(fields, root, "tuning") is not { } list)
        {
            return [];
        }

        if (list is not YamlSequenceNode sequence)
        {
            _context.Error(list, "'tuning' expects a list of entries, each with 'rules' and what to change ('tuning: []' for none)");
            return [];
        }

        var entries = new List<TuningEntry>();
        foreach (var item in sequence.Children)
        {
            if (item is not YamlMappingNode mapping)
            {
                _context.Error(item, "a tuning entry must be a mapping with 'rules' and what to change");
            }
            else if (ParseEntry(mapping) is { } entry)
            {
                entries.Add(entry);
            }
        }

        return entries;
    }

    private TuningEntry? ParseEntry(YamlMappingNode mapping)
    {
        var fields = _read.Yaml.ReadKeys(mapping, EntryKeys, "tuning key");
        var selectors = _read.Yaml.Required(fields, mapping, "rules") is { } rulesNode ? ParseSelectors(rulesNode) : [];
        if (!fields.Keys.Any(k => k != "rules"))
        {
            _context.Error(mapping, "this entry changes nothing: add enabled, severity, signal, dedup, threshold or exceptions");
        }

        // The selectors as written, so an exception's messages say which rules it was meant for.
        var appliesTo = string.Join(", ", selectors.Select(s => s.Text));
        var entry = new TuningEntry
        {
            File = _context.File,
            Selectors = selectors,
            Enabled = fields.TryGetValue("enabled", out var enabled) ? Setting(enabled, _read.Yaml.Bool(enabled, "enabled")) : null,
            Severity = fields.TryGetValue("severity", out var severity) ? Setting(severity, ParseSeverity(severity)) : null,
            Signal = fields.TryGetValue("signal", out var signal) ? Setting(signal, _read.Yaml.Bool(signal, "signal")) : null,
            DedupPeriod = fields.TryGetValue("dedup", out var dedup) ? ParseDedup(dedup) : null,
            Threshold = fields.TryGetValue("threshold", out var threshold) ? Setting(threshold, ParseThreshold(threshold)) : null,
            Exceptions = fields.TryGetValue("exceptions", out var exceptions) ? _exceptions.Parse(exceptions, appliesTo) : [],
        };
        return selectors.Count == 0 ? null : entry;
    }

    private List<RuleSelector> ParseSelectors(YamlNode node)
    {
        IList<YamlNode> items = node is YamlSequenceNode sequence ? sequence.Children : [node];
        if (items.Count == 0)
        {
            _context.Error(node, "'rules' expects a rule id, a glob such as AWS.S3.*, or a list of them");
        }

        var selectors = new List<RuleSelector>();
        foreach (var item in items)
        {
            if (item is not YamlScalarNode { Value: { } text } || !SelectorPattern().IsMatch(text))
            {
                _context.Error(item, $"'rules' expects rule ids or globs (letters, digits, '.', '_', '-', and * or ?), such as AWS.S3.DisableBucketLogging or AWS.S3.*; found '{(item as YamlScalarNode)?.Value}'");
                continue;
            }

            selectors.Add(new RuleSelector(text, TuningNodeReader.Line(item), TuningNodeReader.Column(item)));
        }

        return selectors;
    }

    private Severity? ParseSeverity(YamlNode node)
    {
        var names = Enum.GetValues<Severity>().Select(s => s.ToString().ToLowerInvariant()).ToArray();
        if (_read.Yaml.String(node, "severity") is not { } text)
        {
            return null;
        }

        var index = Array.IndexOf(names, text.ToLowerInvariant());
        if (index < 0)
        {
            _context.Error(node, $"severity '{text}' is not one of {string.Join(", ", names)}");
            return null;
        }

        return Enum.GetValues<Severity>()[index];
    }

    private TuningSetting<TimeSpan>? ParseDedup(YamlNode node)
    {
        if (node is not YamlMappingNode mapping)
        {
            _context.Error(node, "'dedup' expects a mapping with period, such as {period: 6h}");
            return null;
        }

        var fields = _read.Yaml.ReadKeys(mapping, ["period"], "dedup key");
        if (_read.Yaml.Required(fields, mapping, "period") is not { } periodNode || _read.Yaml.String(periodNode, "dedup.period") is not { } text)
        {
            return null;
        }

        if (!DurationParser.TryParse(text, out var period))
        {
            _context.Error(periodNode, $"dedup period '{text}' is not a positive duration (30s, 15m, 1h, 1d or 01:00:00)");
            return null;
        }

        return new TuningSetting<TimeSpan>(period, text, TuningNodeReader.Line(periodNode), TuningNodeReader.Column(periodNode));
    }

    private int? ParseThreshold(YamlNode node)
    {
        if (node is YamlScalarNode scalar
            && YamlScalars.Resolve(scalar) == ScalarKind.Int
            && int.TryParse(scalar.Value, CultureInfo.InvariantCulture, out var threshold)
            && threshold >= 1)
        {
            return threshold;
        }

        _context.Error(node, "'threshold' expects a whole number of at least 1");
        return null;
    }

    private static TuningSetting<T>? Setting<T>(YamlNode node, T? value)
        where T : struct =>
        value is { } parsed
            ? new TuningSetting<T>(parsed, Display(parsed), TuningNodeReader.Line(node), TuningNodeReader.Column(node))
            : null;

    private static string Display<T>(T value) => value switch
    {
        bool flag => flag ? "true" : "false",
        Severity severity => severity.ToString().ToLowerInvariant(),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value?.ToString() ?? "",
    };

    [GeneratedRegex(@"^[A-Za-z0-9_.\-*?]+$")]
    private static partial Regex SelectorPattern();
}
