using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Detection.Correlation;

/// <summary>Evaluates correlation rules in event time over matches of the rules they reference, whatever order the matches arrive in.</summary>
/// <remarks>
/// <para>
/// The watermark is the newest eventTime seen minus <see cref="CorrelationOptions.AllowedLateness"/>. Everything below it is
/// final: a match older than the watermark is reported as late and not counted. A group's events are kept sorted by
/// eventTime, and a window is evaluated only once the watermark has passed the events it depends on, so the same set of
/// (non-late) matches yields the same correlation matches in any arrival order.
/// </para>
/// <para>Not thread-safe: one engine is fed by one evaluation loop.</para>
/// </remarks>
public sealed partial class CorrelationEngine
{
    private readonly CorrelationSet _set;
    private readonly CorrelationOptions _options;
    private readonly long _latenessTicks;
    private readonly CorrelationState[] _states;
    private readonly List<CorrelationMatch> _fired = [];
    private long _newestTicks = long.MinValue;
    private int _groupCount;
    private long _events;
    private long _late;
    private long _ungrouped;
    private long _duplicates;
    private long _evicted;
    private long _matches;

    public CorrelationEngine(CorrelationSet set, CorrelationOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(set);
        _set = set;
        _options = options ?? new CorrelationOptions();
        if (_options.AllowedLateness < TimeSpan.Zero || _options.MaxGroups < 1 || _options.MaxEventIds < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "AllowedLateness must not be negative; MaxGroups and MaxEventIds must be at least 1");
        }

        _latenessTicks = _options.AllowedLateness.Ticks;
        _states = [.. set.Compiled.Select(c => new CorrelationState(c))];
    }

    /// <summary>The newest eventTime seen minus the allowed lateness; null before the first event.</summary>
    public DateTimeOffset? Watermark => _newestTicks == long.MinValue ? null : new DateTimeOffset(WatermarkTicks, TimeSpan.Zero);

    public CorrelationStats Stats => new(_events, _late, _ungrouped, _duplicates, _evicted, _matches, _groupCount);

    /// <summary>Groups dropped so far to stay under <see cref="CorrelationOptions.MaxGroups"/>; cheap enough to read after every event.</summary>
    public long EvictedGroups => _evicted;

    private long WatermarkTicks => _newestTicks == long.MinValue ? long.MinValue : _newestTicks - _latenessTicks;

    /// <summary>Hands in one match of a rule; returns the correlation matches this made final, or the event as late.</summary>
    /// <param name="rule">The rule that matched; a rule no correlation refers to is ignored.</param>
    /// <param name="record">The CloudTrail record, for group-by and value_count fields.</param>
    /// <param name="eventTime">The record's eventTime.</param>
    /// <param name="eventId">The record's eventID.</param>
    public CorrelationResult Add(Rule rule, JsonElement record, DateTimeOffset eventTime, string eventId)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return Add(rule.Id, record, eventTime, eventId);
    }

    /// <summary>Hands in one match of the rule with this id, as read back from a log that replicas share.</summary>
    public CorrelationResult Add(string ruleId, JsonElement record, DateTimeOffset eventTime, string eventId)
    {
        ArgumentNullException.ThrowIfNull(ruleId);
        return _set.Projections.TryGetValue(ruleId, out var projection) ? Add(ruleId, projection.Read(record), eventTime, eventId) : CorrelationResult.Empty;
    }

    /// <summary>Hands in one match of the rule with this id by the fields its correlations read, projected while the record was evaluated.</summary>
    /// <param name="ruleId">The rule that matched; a rule no correlation refers to is ignored.</param>
    /// <param name="fields">The record's values of <see cref="CorrelationSet.Projections"/> for the rule.</param>
    /// <param name="eventTime">The record's eventTime.</param>
    /// <param name="eventId">The record's eventID.</param>
    public CorrelationResult Add(string ruleId, ProjectedFields fields, DateTimeOffset eventTime, string eventId)
    {
        ArgumentNullException.ThrowIfNull(ruleId);
        ArgumentNullException.ThrowIfNull(fields);
        ArgumentNullException.ThrowIfNull(eventId);
        var routes = _set.For(ruleId);
        if (routes.Count == 0)
        {
            return CorrelationResult.Empty;
        }

        _events++;
        var ticks = eventTime.UtcTicks;
        if (ticks < WatermarkTicks)
        {
            _late++;
            return new CorrelationResult([], [new LateCorrelationEvent(ruleId, eventId, eventTime, Watermark!.Value)]);
        }

        foreach (var (correlation, input) in routes)
        {
            if (ReadValues(input, fields) is { } values)
            {
                var value = input.ValuePath is { } path ? fields.Get(path) : null;
                Insert(_states[correlation.Order], values, new CorrelationEntry(ticks, eventId, input.Position, value));
            }
        }

        return Observe(eventTime);
    }

    /// <summary>Moves the watermark with the eventTime of any record read, matched or not, and returns what that made final.</summary>
    /// <remarks>Feeding every record's time lets windows close while referenced rules are quiet.</remarks>
    public CorrelationResult Observe(DateTimeOffset eventTime)
    {
        var ticks = eventTime.UtcTicks;
        if (ticks <= _newestTicks)
        {
            return CorrelationResult.Empty;
        }

        _newestTicks = ticks;
        return Advance(WatermarkTicks);
    }

    /// <summary>End of input (a one-shot scan): the watermark goes to infinity, every open window is decided, and all state is dropped.</summary>
    public CorrelationResult Flush()
    {
        var result = Advance(long.MaxValue);
        foreach (var state in _states)
        {
            state.Groups.Clear();
            state.Queue.Clear();
        }

        _groupCount = 0;
        return result;
    }

    private string[]? ReadValues(CorrelationInput input, ProjectedFields fields)
    {
        var values = new string[input.GroupPaths.Count];
        for (var i = 0; i < values.Length; i++)
        {
            // A record without a group-by value forms no group: grouping it with others lacking the field would join unrelated events.
            if (fields.Get(input.GroupPaths[i]) is not { } text)
            {
                _ungrouped++;
                return null;
            }

            values[i] = text;
        }

        return values;
    }

    private void Insert(CorrelationState state, string[] values, CorrelationEntry entry)
    {
        var key = Key(values);
        if (!state.Groups.TryGetValue(key, out var group))
        {
            if (_groupCount >= _options.MaxGroups)
            {
                Evict();
            }

            group = new CorrelationGroup(state.Correlation, values, key);
            state.Groups[key] = group;
            _groupCount++;
        }

        var at = group.Entries.BinarySearch(entry);
        if (at >= 0)
        {
            _duplicates++;
            return;
        }

        group.Entries.Insert(~at, entry);
        group.LastTicks = Math.Max(group.LastTicks, entry.Ticks);
        Schedule(state, group);
    }

    private static void Schedule(CorrelationState state, CorrelationGroup group)
    {
        var wake = group.NextWake();
        if (wake != group.WakeAt)
        {
            group.WakeAt = wake;
            state.Queue.Enqueue(group, wake);
        }
    }

    /// <summary>Drops the oldest sixteenth of the groups (by newest event) at once, so eviction costs a sort per many inserts, not per insert.</summary>
    private void Evict()
    {
        var victims = _states
            .SelectMany(s => s.Groups.Values.Select(g => (State: s, Group: g)))
            .OrderBy(v => v.Group.LastTicks)
            .ThenBy(v => v.Group.Key, StringComparer.Ordinal)
            .Take(Math.Max(1, _options.MaxGroups / 16))
            .ToList();
        foreach (var (state, group) in victims)
        {
            group.Removed = true;
            state.Groups.Remove(group.Key);
            _groupCount--;
            _evicted++;
        }
    }

    // Each value prefixed by its length, so no value can run into the next. Every match a correlation reads builds one,
    // so it is written on the stack and copied once.
    private static string Key(string[] values)
    {
        var key = new DefaultInterpolatedStringHandler(0, values.Length * 2, CultureInfo.InvariantCulture, stackalloc char[256]);
        foreach (var value in values)
        {
            key.AppendFormatted(value.Length);
            key.AppendLiteral(":");
            key.AppendFormatted(value);
        }

        return key.ToStringAndClear();
    }

}
