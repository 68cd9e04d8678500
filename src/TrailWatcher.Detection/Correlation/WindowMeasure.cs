namespace TrailWatcher.Detection.Correlation;

/// <summary>The running count a window's condition is applied to: distinct events, distinct values, or distinct referenced rules.</summary>
internal sealed class WindowMeasure(CorrelationType type, int ruleCount)
{
    // event_count counts an event once even when it matched several referenced rules; value_count counts values.
    private readonly Dictionary<string, int> _distinct = new(StringComparer.Ordinal);
    private readonly int[] _perRule = new int[ruleCount];
    private int _rulesSeen;

    /// <summary>The measured count: events (event_count), distinct values (value_count), distinct referenced rules (temporal types).</summary>
    public long Value => type is CorrelationType.EventCount or CorrelationType.ValueCount ? _distinct.Count : _rulesSeen;

    public bool HasRule(int position) => _perRule[position] > 0;

    // An until entry stands for no referenced rule: it only ends partial sequences (the window logic reads it).
    public void Add(in CorrelationEntry entry)
    {
        if (entry.IsUntil)
        {
            return;
        }

        if (_perRule[entry.Position]++ == 0)
        {
            _rulesSeen++;
        }

        if (Key(entry) is { } key)
        {
            _distinct[key] = _distinct.GetValueOrDefault(key) + 1;
        }
    }

    public void Remove(in CorrelationEntry entry)
    {
        if (entry.IsUntil)
        {
            return;
        }

        if (--_perRule[entry.Position] == 0)
        {
            _rulesSeen--;
        }

        if (Key(entry) is { } key)
        {
            var left = _distinct[key] - 1;
            if (left == 0)
            {
                _distinct.Remove(key);
            }
            else
            {
                _distinct[key] = left;
            }
        }
    }

    public void Clear()
    {
        _distinct.Clear();
        Array.Clear(_perRule);
        _rulesSeen = 0;
    }

    private string? Key(in CorrelationEntry entry) => type switch
    {
        CorrelationType.EventCount => entry.EventId,
        CorrelationType.ValueCount => entry.Value,
        _ => null,
    };
}
