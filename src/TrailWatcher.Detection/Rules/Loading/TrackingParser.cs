using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>
/// A YAML parser that remembers where the last good event ended: YamlDotNet sometimes fails on malformed input with an
/// exception that carries no position, and this still lets the error point near the problem.
/// </summary>
internal sealed class TrackingParser(IParser inner) : IParser
{
    public ParsingEvent? Current => inner.Current;

    public Mark LastGoodMark { get; private set; } = Mark.Empty;

    public bool MoveNext()
    {
        var moved = inner.MoveNext();
        if (inner.Current is { } current)
        {
            LastGoodMark = current.End;
        }

        return moved;
    }
}
