namespace TrailWatcher.Detection.Correlation;

/// <summary>Window evaluation: what happens to each group when the watermark passes its events.</summary>
public sealed partial class CorrelationEngine
{
    /// <summary>Evaluates every group with work below the watermark, correlations in order so a chained one sees its inputs' matches.</summary>
    private CorrelationResult Advance(long watermark)
    {
        List<CorrelationMatch>? matches = null;
        var fired = _fired;
        foreach (var state in _states)
        {
            fired.Clear();
            while (state.Queue.TryPeek(out var group, out var wake) && wake < watermark)
            {
                state.Queue.Dequeue();
                if (group.Removed || wake != group.WakeAt)
                {
                    continue; // evicted, or queued again with a newer wake time
                }

                if (state.Correlation.Tumbling)
                {
                    CloseFixedWindows(group, watermark, fired);
                }
                else
                {
                    SlideWindow(group, watermark, fired);
                }

                if (group.IsEmpty)
                {
                    group.Removed = true;
                    state.Groups.Remove(group.Key);
                    _groupCount--;
                }
                else
                {
                    Schedule(state, group);
                }
            }

            if (fired.Count == 0)
            {
                continue;
            }

            // Groups leave the queue in wake order, not decision order; sorting makes the output independent of that too.
            fired.Sort((a, b) => a.DecidedAt != b.DecidedAt ? a.DecidedAt.CompareTo(b.DecidedAt) : string.CompareOrdinal(a.GroupKey, b.GroupKey));
            _matches += fired.Count;
            (matches ??= []).AddRange(fired);
            foreach (var match in fired)
            {
                FeedDependents(state.Correlation, match);
            }
        }

        fired.Clear();
        // Stable: equal decision times keep correlation order (inner before outer), then group order.
        return matches is null ? CorrelationResult.Empty : new CorrelationResult([.. matches.OrderBy(m => m.DecidedAt)], []);
    }

    /// <summary>
    /// Sliding window: steps through the group's event times below the watermark in order; at each, the window is the
    /// unconsumed events no older than that time minus the timespan (both ends inclusive). The first step at which the
    /// condition holds fires, and every event up to it is consumed, so the next match needs fresh events. A step holding
    /// an until event, when nothing fired, consumes the events older than it: a sequence begun before it can no longer
    /// complete, while one completing in its second still fires (same-second events count as in either order).
    /// </summary>
    private void SlideWindow(CorrelationGroup group, long watermark, List<CorrelationMatch> fired)
    {
        var entries = group.Entries;
        var span = group.Correlation.SpanTicks;
        while (group.Processed < entries.Count && entries[group.Processed].Ticks < watermark)
        {
            // Events with the same time are one step: CloudTrail times have one-second resolution, so none is "first".
            var time = entries[group.Processed].Ticks;
            var lastRule = group.Correlation.Inputs.Count - 1;
            var stepHasLastRule = false;
            var stepHasUntil = false;
            while (group.Processed < entries.Count && entries[group.Processed].Ticks == time)
            {
                stepHasLastRule |= entries[group.Processed].Position == lastRule;
                stepHasUntil |= entries[group.Processed].IsUntil;
                group.Measure.Add(entries[group.Processed]);
                group.Processed++;
            }

            LeaveWindow(group, time - span);
            if (Holds(group, stepHasLastRule))
            {
                fired.Add(Match(group, group.WindowStart, group.Processed, group.Measure.Value, time));
                group.Measure.Clear();
                group.WindowStart = group.Processed;
            }
            else if (stepHasUntil)
            {
                LeaveWindow(group, time);
            }
        }

        // Events older than the watermark minus the timespan can be in no later window.
        LeaveWindow(group, watermark == long.MaxValue ? long.MaxValue : watermark - span);
        group.Compact();
    }

    private static void LeaveWindow(CorrelationGroup group, long oldest)
    {
        while (group.WindowStart < group.Processed && group.Entries[group.WindowStart].Ticks < oldest)
        {
            group.Measure.Remove(group.Entries[group.WindowStart]);
            group.WindowStart++;
        }
    }

    private static bool Holds(CorrelationGroup group, bool stepHasLastRule)
    {
        var correlation = group.Correlation;
        if (correlation.Rule.Type == CorrelationType.TemporalOrdered)
        {
            // An order that was not there one step ago must end in this step, with the last rule (nothing here is older).
            return stepHasLastRule && group.Measure.Value == correlation.Inputs.Count && InOrder(group);
        }

        return correlation.Condition!.IsMet(group.Measure.Value);
    }

    /// <summary>
    /// Whether the window holds the referenced rules in the listed order by event time (equal times count as in order).
    /// Walks back from the newest time, taking each rule as late as it can be: the latest choice leaves most room for the
    /// rules before it, so this finds an order whenever one exists.
    /// </summary>
    private static bool InOrder(CorrelationGroup group)
    {
        var entries = group.Entries;
        var next = group.Correlation.Inputs.Count - 1;
        var i = group.Processed - 1;
        while (i >= group.WindowStart && next >= 0)
        {
            var first = i;
            while (first - 1 >= group.WindowStart && entries[first - 1].Ticks == entries[i].Ticks)
            {
                first--;
            }

            if (group.Correlation.Rule.DistinctEvents)
            {
                next -= TakeDistinct(entries, first, i, next);
            }
            else
            {
                while (next >= 0 && HasPosition(entries, first, i, next))
                {
                    next--;
                }
            }

            i = first - 1;
        }

        return next < 0;
    }

    /// <summary>
    /// How many positions, from <paramref name="next"/> down, events of one time (entries from..to) can stand for when
    /// each event stands for one position at most: a bipartite matching grown one position at a time (augmenting paths).
    /// Taking as many as possible at the newest time is optimal: the positions left are a prefix of the ones not taken.
    /// </summary>
    private static int TakeDistinct(List<CorrelationEntry> entries, int from, int to, int next)
    {
        var owner = new Dictionary<string, int>(StringComparer.Ordinal);
        var taken = 0;
        for (var position = next; position >= 0 && Assign(entries, from, to, position, owner, new HashSet<string>(StringComparer.Ordinal)); position--)
        {
            taken++;
        }

        return taken;
    }

    private static bool Assign(List<CorrelationEntry> entries, int from, int to, int position, Dictionary<string, int> owner, HashSet<string> visited)
    {
        for (var k = from; k <= to; k++)
        {
            var entry = entries[k];
            if (entry.Position != position || !visited.Add(entry.EventId))
            {
                continue;
            }

            if (!owner.TryGetValue(entry.EventId, out var other) || Assign(entries, from, to, other, owner, visited))
            {
                owner[entry.EventId] = position;
                return true;
            }
        }

        return false;
    }

    private static bool HasPosition(List<CorrelationEntry> entries, int from, int to, int position)
    {
        for (var k = from; k <= to; k++)
        {
            if (entries[k].Position == position)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Fixed windows (conditions with lt / lte / eq): a window starts at the group's earliest held event and spans the
    /// timespan (inclusive); once the watermark passes its end, its count is final and decided. Its events are then
    /// consumed either way, and the next window starts at the next event.
    /// </summary>
    private void CloseFixedWindows(CorrelationGroup group, long watermark, List<CorrelationMatch> fired)
    {
        var entries = group.Entries;
        while (group.WindowStart < entries.Count)
        {
            var start = group.WindowStart;
            var end = entries[start].Ticks + group.Correlation.SpanTicks;
            if (end >= watermark)
            {
                break;
            }

            group.Measure.Clear();
            var next = start;
            while (next < entries.Count && entries[next].Ticks <= end)
            {
                group.Measure.Add(entries[next]);
                next++;
            }

            if (group.Correlation.Condition!.IsMet(group.Measure.Value))
            {
                fired.Add(Match(group, start, next, group.Measure.Value, end));
            }

            group.Measure.Clear();
            group.WindowStart = group.Processed = next;
        }

        group.Compact();
    }

    private CorrelationMatch Match(CorrelationGroup group, int from, int to, long count, long decidedAt)
    {
        var ids = new List<string>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var (first, last) = (long.MaxValue, long.MinValue);
        for (var i = from; i < to; i++)
        {
            // An until event in the window (of the match's first second) did not contribute.
            var entry = group.Entries[i];
            if (entry.IsUntil)
            {
                continue;
            }

            (first, last) = (Math.Min(first, entry.Ticks), Math.Max(last, entry.Ticks));
            if (seen.Add(entry.EventId) && ids.Count < _options.MaxEventIds)
            {
                ids.Add(entry.EventId);
            }
        }

        return new CorrelationMatch
        {
            Correlation = group.Correlation.Rule,
            GroupValues = group.Values,
            GroupKey = group.Key,
            Count = count,
            EventCount = seen.Count,
            EventIds = ids,
            FirstEventTime = new DateTimeOffset(first, TimeSpan.Zero),
            LastEventTime = new DateTimeOffset(last, TimeSpan.Zero),
            DecidedAt = new DateTimeOffset(decidedAt, TimeSpan.Zero),
        };
    }

    /// <summary>
    /// A match is an event for the correlations referring to this one, at its decision time. That time is at or above the
    /// previous watermark (else it would have been decided earlier), so it is never late for them, and they are evaluated
    /// after this correlation in the same pass.
    /// </summary>
    private void FeedDependents(CompiledCorrelation correlation, CorrelationMatch match)
    {
        foreach (var (outer, input) in correlation.Dependents)
        {
            var values = input.GroupIndexes.Select(i => match.GroupValues[i]).ToArray();
            var value = input.ValueIndex >= 0 ? match.GroupValues[input.ValueIndex] : null;
            Insert(_states[outer.Order], values, new CorrelationEntry(match.DecidedAt.UtcTicks, match.AlertId, input.Position, value));
        }
    }
}
