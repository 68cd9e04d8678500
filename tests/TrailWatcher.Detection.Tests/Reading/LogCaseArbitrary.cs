using System.Text.Json.Nodes;
using FsCheck;
using FsCheck.Fluent;

namespace TrailWatcher.Detection.Tests.Reading;

/// <summary>FsCheck generators for CloudTrail-like logs full of characters that could confuse a structural scanner.</summary>
public static class LogCaseArbitrary
{
    private static readonly string[] Pieces =
    [
        "a", "Z", "0", "-", ".", " ", "\"", "\\", "\\\\", "\\\"", "{", "}", "[", "]", ":", ",", "/", "\n", "\t", "\u0001", "\u007f",
        "\u00e9", "\u4e2d", "\U0001F600", "eventName", "eventSource", "\\u0041", "<", "&", "'", "+", "\"eventName\":\"x\"",
    ];

    private static readonly string[] KeyNames = ["eventName", "eventSource", "eventTime", "Records", "requestParameters", "eventNam", "eventSource2", "eventTimes", "e", "userIdentity", "userIdentity", "userIdentit"];

    public static Arbitrary<LogCase> LogCase() => Arb.From(LogCaseGen());

    private static Gen<LogCase> LogCaseGen() =>
        from records in Gen.Choose(0, 8).SelectMany(n => Gen.ArrayOf(Record(), n))
        from before in Gen.Frequency((2, Gen.Constant<string?>(null)), (1, Value(2).Select(v => (string?)ToJson(v))))
        from after in Gen.Frequency((2, Gen.Constant<string?>(null)), (1, Value(2).Select(v => (string?)ToJson(v))))
        from layout in Gen.Elements(Enum.GetValues<JsonLayout>())
        from bom in Gen.Elements(false, true)
        from gzipMembers in Gen.Choose(0, 2)
        from bufferSize in Gen.Frequency((3, Gen.Choose(1, 80)), (1, Gen.Choose(81, 4096)))
        from maxChunk in Gen.Frequency((1, Gen.Constant(1)), (2, Gen.Choose(2, 100)), (1, Gen.Constant(65536)))
        from seed in Gen.Choose(0, int.MaxValue)
        from isAsync in Gen.Elements(false, true)
        select new LogCase(records, before, after, layout, bom, gzipMembers, bufferSize, maxChunk, seed, isAsync);

    private static Gen<string> Text() =>
        Gen.Sized(size => Gen.Choose(0, Math.Min(size, 10)).SelectMany(n => Gen.ArrayOf(Gen.Elements(Pieces), n)))
            .Select(string.Concat);

    private static Gen<string> Key() => Gen.Frequency((3, Text()), (1, Gen.Elements(KeyNames)));

    private static Gen<JsonNode?> Scalar() => Gen.OneOf(
        Text().Select(s => (JsonNode?)JsonValue.Create(s)),
        Gen.Choose(-1_000_000, 1_000_000).Select(i => (JsonNode?)JsonValue.Create(i)),
        Gen.Choose(-1000, 1000).Select(i => (JsonNode?)JsonValue.Create(i / 8.0)),
        Gen.Choose(0, 2).Select(k => k switch
        {
            0 => null,
            1 => (JsonNode?)JsonValue.Create(true),
            _ => JsonValue.Create(false),
        }));

    private static Gen<JsonNode?> Value(int depth) => depth == 0
        ? Scalar()
        : Gen.Frequency((3, Scalar()), (1, Object(depth - 1)), (1, Array(depth - 1)));

    private static Gen<JsonNode?> Object(int depth) =>
        Gen.Choose(0, 4)
            .SelectMany(n => Gen.ArrayOf(Gen.Zip(Key(), Value(depth)), n))
            .Select(pairs =>
            {
                var result = new JsonObject();
                foreach (var (key, value) in pairs)
                {
                    result[key] = value;
                }

                return (JsonNode?)result;
            });

    private static Gen<JsonNode?> Array(int depth) =>
        Gen.Choose(0, 4)
            .SelectMany(n => Gen.ArrayOf(Value(depth), n))
            .Select(items => (JsonNode?)new JsonArray(items));

    /// <summary>A field that is usually a string, sometimes absent (null here) and sometimes another kind of value.</summary>
    private static Gen<(bool Present, JsonNode? Value)> Field() => Gen.Frequency(
        (5, Text().Select(s => (true, (JsonNode?)JsonValue.Create(s)))),
        (1, Gen.Constant((false, (JsonNode?)null))),
        (1, Value(1).Select(v => (true, v))));

    private static Gen<string> Record() =>
        from source in Field()
        from name in Field()
        from requestParameters in Gen.Frequency((1, Gen.Constant<JsonNode?>(null)), (3, Object(3)))
        from responseElements in Value(3)
        from extra in Object(2)
        from order in Gen.Shuffle(new[] { 0, 1, 2, 3, 4 })
        select BuildRecord(source, name, requestParameters, responseElements, (JsonObject)extra!, order);

    private static string BuildRecord(
        (bool Present, JsonNode? Value) source,
        (bool Present, JsonNode? Value) name,
        JsonNode? requestParameters,
        JsonNode? responseElements,
        JsonObject extra,
        int[] order)
    {
        var record = new JsonObject();
        foreach (var slot in order)
        {
            switch (slot)
            {
                case 0 when source.Present:
                    record["eventSource"] = source.Value;
                    break;
                case 1 when name.Present:
                    record["eventName"] = name.Value;
                    break;
                case 2:
                    record["requestParameters"] = requestParameters;
                    break;
                case 3:
                    record["responseElements"] = responseElements;
                    break;
                case 4:
                    foreach (var (key, value) in extra.ToList())
                    {
                        if (!record.ContainsKey(key) && key is not ("eventSource" or "eventName"))
                        {
                            extra.Remove(key);
                            record[key] = value;
                        }
                    }

                    break;
                default:
                    break;
            }
        }

        return record.ToJsonString();
    }

    private static string ToJson(JsonNode? node) => node?.ToJsonString() ?? "null";
}
