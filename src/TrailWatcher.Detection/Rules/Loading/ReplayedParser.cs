using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace TrailWatcher.Detection.Rules.Loading;

/// <summary>Hands out parsing events read beforehand (<see cref="YamlSubsetReader"/>) the way YamlDotNet's parser hands out its own.</summary>
internal sealed class ReplayedParser(IReadOnlyList<ParsingEvent> events) : IParser
{
    private int _next;

    public ParsingEvent? Current { get; private set; }

    public bool MoveNext()
    {
        Current = _next < events.Count ? events[_next++] : null;
        return Current is not null;
    }
}
