// Follows the documented behaviour of the ingest pipeline of the aws.cloudtrail data stream in Elastic's aws
// integration package (elastic/integrations, packages/aws/data_stream/cloudtrail/elasticsearch/ingest_pipeline/default.yml,
// with the field mappings in fields/*.yml beside it). In short: the record is parsed into Java hash maps and pruned of
// null, "", "-" and "none" values and of maps and lists left empty; fields are renamed into ECS and aws.cloudtrail.*;
// requestParameters, responseElements, additionalEventData and serviceEventDetails are kept twice, as Java toString text
// and unchanged under aws.cloudtrail.flattened; event.outcome, event.category/type and the user fields are computed.
// The code below is our own, written from that description; no Elastic code or rule was copied.

using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Diagnostics.CodeAnalysis;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Rules.Ecs;

/// <summary>The ECS view of a raw CloudTrail record: the fields Elastic's AWS integration indexes, read from the record as it is.</summary>
/// <remarks>
/// A field Elastic only renames resolves to a <see cref="FieldPath"/> into the record, so the index and guards still see it;
/// any other is a <see cref="DerivedField"/>, computed on first read and cached per record. Names are case-sensitive.
/// A plain path does not apply the pipeline's pruning: a value of "", "-" or "none" is seen here but absent in Elastic.
/// </remarks>
public static class CloudTrailEcsView
{
    // aws.cloudtrail.flattened.<root>.<any path>: the record's objects as they are (flattened fields in Elastic).
    private static readonly FrozenDictionary<string, string> FlattenedRoots = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["aws.cloudtrail.flattened.request_parameters"] = "requestParameters",
        ["aws.cloudtrail.flattened.response_elements"] = "responseElements",
        ["aws.cloudtrail.flattened.additional_eventdata"] = "additionalEventData",
        ["aws.cloudtrail.flattened.service_event_details"] = "serviceEventDetails",
        ["aws.cloudtrail.flattened.insight_details"] = "insightDetails",
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, FieldReader> Fields = EcsFieldTable.Build();

    // One reader per flattened name, so leaves that name the same field share it.
    private static readonly ConcurrentDictionary<string, FieldReader> Flattened = new(StringComparer.Ordinal);

    /// <summary>Every fixed ECS field name the view knows, sorted; names under <see cref="ObjectFieldNames"/> come on top.</summary>
    public static IReadOnlyCollection<string> FieldNames { get; } = [.. Fields.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The flattened object fields: each resolves, and so does any dotted path under it (<c>....request_parameters.bucketName</c>).</summary>
    public static IReadOnlyCollection<string> ObjectFieldNames { get; } = [.. FlattenedRoots.Keys.Order(StringComparer.Ordinal)];

    /// <summary>The reader of an ECS field, or false when the view has no such field (names are case-sensitive).</summary>
    public static bool TryGetField(string ecsName, [NotNullWhen(true)] out FieldReader? reader)
    {
        ArgumentNullException.ThrowIfNull(ecsName);
        if (Fields.TryGetValue(ecsName, out reader))
        {
            return true;
        }

        reader = Flattened.TryGetValue(ecsName, out var known) ? known
            : TryFlattenedPath(ecsName) is { } path ? Flattened.GetOrAdd(ecsName, path)
            : null;
        return reader is not null;
    }

    /// <summary>The ECS name a reader this view handed out stands for (<c>event.action</c> for the path <c>eventName</c>), or null for any other reader.</summary>
    /// <remarks>By identity: the view hands out one reader per name, so a native rule's own <c>eventName</c> path is not mistaken for <c>event.action</c>.</remarks>
    public static string? NameOf(FieldReader reader)
    {
        ArgumentNullException.ThrowIfNull(reader);
        foreach (var (name, known) in Fields)
        {
            if (ReferenceEquals(known, reader))
            {
                return name;
            }
        }

        return Flattened.FirstOrDefault(f => ReferenceEquals(f.Value, reader)).Key;
    }

    private static FieldPath? TryFlattenedPath(string ecsName)
    {
        const string Prefix = "aws.cloudtrail.flattened.";
        if (!ecsName.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return null;
        }

        var dot = ecsName.IndexOf('.', Prefix.Length);
        var root = dot < 0 ? ecsName : ecsName[..dot];
        if (!FlattenedRoots.TryGetValue(root, out var property))
        {
            return null;
        }

        // A flattened field's keys are plain names; brackets are no part of ECS names, so an index is refused.
        var rest = dot < 0 ? "" : ecsName[dot..];
        return !rest.Contains('[', StringComparison.Ordinal) && FieldPath.TryParse(property + rest, out var path, out _) ? path : null;
    }
}
