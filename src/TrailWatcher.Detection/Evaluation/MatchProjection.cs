using System.Runtime.CompilerServices;
using System.Text.Json;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Evaluation;

/// <summary>
/// The fields a later stage reads from a rule's matched records (correlations: their group-by and counted fields), read
/// by the evaluator while the record is parsed, so that stage need not parse the record a second time.
/// </summary>
public sealed class MatchProjection
{
    private readonly FieldPath[] _paths;

    // By reference: every consumer asks with the very path objects the projection was built from.
    private readonly Dictionary<FieldPath, int> _slots = new(ReferenceEqualityComparer.Instance);

    /// <summary>A projection of these paths; a path given twice is read once.</summary>
    public MatchProjection(IEnumerable<FieldPath> paths)
    {
        ArgumentNullException.ThrowIfNull(paths);
        var list = new List<FieldPath>();
        foreach (var path in paths)
        {
            if (_slots.TryAdd(path, list.Count))
            {
                list.Add(path);
            }
        }

        _paths = [.. list];
    }

    /// <summary>The paths read, each once.</summary>
    public IReadOnlyList<FieldPath> Paths => _paths;

    /// <summary>Reads every path from the record.</summary>
    public ProjectedFields Read(JsonElement record) => Read(new EventRecord(record));

    /// <summary>Reads every path from a record being evaluated.</summary>
    public ProjectedFields Read(EventRecord record)
    {
        var values = new string?[_paths.Length];
        for (var i = 0; i < values.Length; i++)
        {
            values[i] = _paths[i].TryGetFirst(record, out var element) ? ProjectedFields.Text(element) : null;
        }

        return new ProjectedFields(this, values);
    }

    /// <summary>The slot of a path given at construction.</summary>
    /// <exception cref="ArgumentException">The path is not one of the projection's own.</exception>
    internal int Slot(FieldPath path) =>
        _slots.TryGetValue(path, out var slot) ? slot : throw new ArgumentException($"'{path.Text}' (#{RuntimeHelpers.GetHashCode(path)}) is not projected", nameof(path));
}
