using System.Reflection;

namespace TrailWatcher.Tests.Architecture;

/// <summary>Which folder of an assembly refers to which, each edge with one reference that makes it.</summary>
/// <remarks>
/// A folder is the namespace below the assembly's root namespace (namespaces follow folders): its first segment
/// only (sub-folders such as <c>Sinks/Webhook</c> count as their parent), or every segment when sub-folders count on
/// their own. Types outside any namespace (the top-level <c>Program</c>,
/// compiler-made anonymous types) belong to no folder, and nothing can refer to <c>Program</c>.
/// </remarks>
internal sealed class FolderGraph
{
    private readonly Dictionary<string, SortedDictionary<string, string>> _edges = new(StringComparer.Ordinal);
    private readonly string _root;
    private readonly bool _subFolders;

    private FolderGraph(Assembly assembly, string root, bool subFolders)
    {
        _root = root + ".";
        _subFolders = subFolders;
        foreach (var type in assembly.GetTypes())
        {
            if (FolderOf(type, assembly) is not { } from)
            {
                continue;
            }

            foreach (var referenced in TypeReferences.Of(type))
            {
                if (FolderOf(referenced, assembly) is { } to && to != from)
                {
                    var targets = Targets(from);
                    targets.TryAdd(to, $"{Name(type)} -> {Name(referenced)}");
                }
            }
        }
    }

    public IReadOnlyCollection<string> Folders => _edges.Keys;

    /// <summary>The executable's top-level folders.</summary>
    public static FolderGraph Of(Assembly assembly) => new(assembly, "TrailWatcher", subFolders: false);

    /// <summary>The folders below <paramref name="root"/>, each sub-folder counted as a folder of its own when <paramref name="subFolders"/>.</summary>
    public static FolderGraph Of(Assembly assembly, string root, bool subFolders) => new(assembly, root, subFolders);

    public IReadOnlyDictionary<string, string> From(string folder) =>
        _edges.TryGetValue(folder, out var targets) ? targets : new SortedDictionary<string, string>();

    /// <summary>Groups of folders that reach one another (strongly connected components of more than one folder).</summary>
    public List<List<string>> Cycles()
    {
        var cycles = new List<List<string>>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var onStack = new HashSet<string>(StringComparer.Ordinal);

        void Visit(string folder)
        {
            index[folder] = low[folder] = index.Count;
            stack.Push(folder);
            onStack.Add(folder);
            foreach (var next in From(folder).Keys)
            {
                if (!index.ContainsKey(next))
                {
                    Visit(next);
                    low[folder] = Math.Min(low[folder], low[next]);
                }
                else if (onStack.Contains(next))
                {
                    low[folder] = Math.Min(low[folder], index[next]);
                }
            }

            if (low[folder] == index[folder])
            {
                var component = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    onStack.Remove(member);
                    component.Add(member);
                }
                while (member != folder);

                if (component.Count > 1)
                {
                    component.Sort(StringComparer.Ordinal);
                    cycles.Add(component);
                }
            }
        }

        foreach (var folder in _edges.Keys.Order(StringComparer.Ordinal).ToList())
        {
            if (!index.ContainsKey(folder))
            {
                Visit(folder);
            }
        }

        return cycles;
    }

    private string? FolderOf(Type type, Assembly assembly)
    {
        if (type.Assembly != assembly || type.Namespace is not { } ns || !ns.StartsWith(_root, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = ns[_root.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return _subFolders || dot < 0 ? rest : rest[..dot];
    }

    private static string Name(Type type)
    {
        var declaring = TypeReferences.Declaring(type);
        return $"{declaring.Namespace!["TrailWatcher.".Length..]}.{declaring.Name}";
    }

    private SortedDictionary<string, string> Targets(string folder)
    {
        if (!_edges.TryGetValue(folder, out var targets))
        {
            targets = new SortedDictionary<string, string>(StringComparer.Ordinal);
            _edges[folder] = targets;
        }

        return targets;
    }
}
