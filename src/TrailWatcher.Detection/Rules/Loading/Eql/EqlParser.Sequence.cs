using System.Globalization;

namespace TrailWatcher.Detection.Rules.Loading.Eql;

/// <summary>The sequence half of the parser: steps, join keys and maxspan.</summary>
internal sealed partial class EqlParser
{
    // sequence [by k, ...] [with maxspan=N<unit>] [ query ] [by k, ...] [ query ] ... [until [ query ] [by k, ...]]
    private EqlSequenceNode Sequence()
    {
        var at = Current;
        if (!at.IsKeyword("sequence"))
        {
            throw Unexpected("'sequence'");
        }

        _position++;
        var shared = Current.IsKeyword("by") ? Keys() : [];
        EqlToken? maxspanToken = null;
        TimeSpan? maxspan = null;
        if (Current.IsKeyword("with"))
        {
            _position++;
            if (!Current.IsKeyword("maxspan"))
            {
                throw Current.IsKeyword("runs")
                    ? Current.Error("'runs' (repeated steps) is not supported")
                    : Unexpected("'maxspan'");
            }

            _position++;
            Expect("=", "'=' (maxspan=15m)");
            maxspanToken = Current;
            maxspan = Maxspan();
            if (Current.IsKeyword("by"))
            {
                throw Current.Error("'by' comes before 'with maxspan': sequence by field with maxspan=...");
            }
        }

        var steps = new List<EqlSequenceStepNode>();
        while (Current.Is("["))
        {
            steps.Add(Step());
        }

        if (steps.Count == 0)
        {
            throw Unexpected(maxspanToken is null && shared.Count == 0 ? "'by', 'with maxspan' or '[' (a step)" : "'[' (a step)");
        }

        EqlSequenceStepNode? until = null;
        if (Current.IsKeyword("until"))
        {
            _position++;
            if (!Current.Is("["))
            {
                throw Unexpected("'[' (the until step)");
            }

            until = Step();
        }

        if (Current.Is("|"))
        {
            throw Current.Error("pipes are not supported");
        }

        if (Current.Kind != EqlTokenKind.End)
        {
            throw Unexpected(until is null ? "'[' (a step), 'by', 'until' or the end of the query" : "'by' or the end of the query");
        }

        if (steps.Count < 2)
        {
            throw at.Error("a sequence needs at least two steps");
        }

        return new EqlSequenceNode(at, shared, maxspanToken, maxspan, steps, until);
    }

    private EqlSequenceStepNode Step()
    {
        var open = Take();
        var query = Single();
        if (!Current.Is("]"))
        {
            throw Unexpected("'and', 'or' or ']'");
        }

        _position++;
        if (Current.IsKeyword("with"))
        {
            throw _tokens[_position + 1].IsKeyword("runs")
                ? _tokens[_position + 1].Error("'runs' (repeated steps) is not supported")
                : Current.Error("'with' after a step: only 'with runs=' goes there, and it is not supported");
        }

        return new EqlSequenceStepNode(open, query, Current.IsKeyword("by") ? Keys() : []);
    }

    // by field, field, ...: plain field names only (Elasticsearch joins on fields).
    private List<EqlFieldNode> Keys()
    {
        _position++;
        var keys = new List<EqlFieldNode> { Key() };
        while (Current.Is(","))
        {
            _position++;
            keys.Add(Key());
        }

        return keys;
    }

    private EqlFieldNode Key()
    {
        var token = Current;
        if (token.Kind == EqlTokenKind.QuotedIdentifier
            || (token.Kind == EqlTokenKind.Identifier && !Reserved.Contains(token.Value) && !token.IsKeyword("until") && !token.IsKeyword("with")))
        {
            _position++;
            if (Current.Is("("))
            {
                throw token.Error($"'by' takes field names, not expressions (at '{token.Text}(')");
            }

            if (token.Value.EndsWith('.') || token.Value.Contains("..", StringComparison.Ordinal))
            {
                throw token.Error($"malformed field name '{token.Text}'");
            }

            return new EqlFieldNode(token, token.Value);
        }

        throw Unexpected("a field name after 'by'");
    }

    // A time value per Elastic's time units, as TrailWatcher supports them: d, h, m, s, ms.
    private TimeSpan Maxspan()
    {
        var token = Current;
        if (token.Kind != EqlTokenKind.Duration)
        {
            throw Unexpected("a time value such as 15m");
        }

        _position++;
        var digits = token.Value.TakeWhile(char.IsAsciiDigit).Count();
        var unit = token.Value[digits..];
        var perUnit = unit switch
        {
            "ms" => TimeSpan.FromMilliseconds(1),
            "s" => TimeSpan.FromSeconds(1),
            "m" => TimeSpan.FromMinutes(1),
            "h" => TimeSpan.FromHours(1),
            "d" => TimeSpan.FromDays(1),
            _ => (TimeSpan?)null,
        };
        if (digits == 0 || perUnit is null)
        {
            throw token.Error($"maxspan '{token.Text}' is not a whole number followed by ms, s, m, h or d (such as 30s, 15m, 1h, 2d)");
        }

        if (!long.TryParse(token.Value.AsSpan(0, digits), NumberStyles.None, CultureInfo.InvariantCulture, out var amount)
            || amount <= 0 || amount > TimeSpan.MaxValue.Ticks / perUnit.Value.Ticks / 4)
        {
            throw token.Error($"maxspan '{token.Text}' must be greater than zero and at most a few thousand years");
        }

        return TimeSpan.FromTicks(amount * perUnit.Value.Ticks);
    }
}
