using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Evaluation;

/// <summary>For one event name: the precomputed candidate arrays per event source, so a lookup never builds a list.</summary>
internal sealed class SourceTable
{
    private readonly Dictionary<string, Rule[]> _bySource;
    private readonly Dictionary<string, Rule[]>.AlternateLookup<ReadOnlySpan<char>> _lookup;
    private readonly Rule[] _otherSources;

    public SourceTable(IReadOnlyList<Rule> rules)
    {
        Rules = rules;
        var sources = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var rule in rules)
        {
            if (rule.EventSources is not null)
            {
                sources.UnionWith(rule.EventSources);
            }
        }

        _bySource = new Dictionary<string, Rule[]>(StringComparer.OrdinalIgnoreCase);
        foreach (var source in sources)
        {
            _bySource[source] = [.. rules.Where(r => r.EventSources is null || r.EventSources.Contains(source))];
        }

        _lookup = _bySource.GetAlternateLookup<ReadOnlySpan<char>>();
        _otherSources = [.. rules.Where(r => r.EventSources is null)];
    }

    /// <summary>Every rule of the table, whatever its source.</summary>
    public IReadOnlyList<Rule> Rules { get; }

    public Rule[] Get(ReadOnlySpan<byte> eventSourceUtf8)
    {
        if (_bySource.Count == 0)
        {
            return _otherSources;
        }

        return Utf8KeyLookup.TryGetValue(_lookup, eventSourceUtf8, out var rules) ? rules : _otherSources;
    }
}
