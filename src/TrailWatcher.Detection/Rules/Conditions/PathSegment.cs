using System.Text;

namespace TrailWatcher.Detection.Rules.Conditions;

/// <summary>One step of a <see cref="FieldPath"/>: a property name or an array index.</summary>
internal readonly struct PathSegment
{
    private PathSegment(string? name, int index)
    {
        Name = name;
        NameUtf8 = name is null ? [] : Encoding.UTF8.GetBytes(name);
        Index = index;
    }

    public string? Name { get; }

    /// <summary>The name pre-encoded so lookups in <c>JsonElement</c> need no transcoding per record.</summary>
    public byte[] NameUtf8 { get; }

    public int Index { get; }

    public bool IsIndex => Name is null;

    public static PathSegment Property(string name) => new(name, -1);

    public static PathSegment ArrayIndex(int index) => new(null, index);
}
