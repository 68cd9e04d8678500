using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Detection.Tests.Reading;

public class CloudTrailReaderTests
{
    private const string TwoRecords = """
        {"Records":[{"eventVersion":"1.09","eventSource":"s3.amazonaws.com","eventName":"GetObject","requestParameters":{"bucketName":"b"}},{"eventSource":"iam.amazonaws.com","eventName":"CreateUser","responseElements":null}]}
        """;

    [Fact]
    public void Read_CompactLog_YieldsRecordsWithTopLevelFields()
    {
        var result = ReaderHarness.ReadOk(TwoRecords);

        Assert.Collection(
            result.Records,
            r =>
            {
                Assert.Equal("s3.amazonaws.com", r.EventSource);
                Assert.Equal("GetObject", r.EventName);
                Assert.Equal(0, r.Index);
                Assert.StartsWith("{\"eventVersion\"", r.Json, StringComparison.Ordinal);
                Assert.EndsWith("{\"bucketName\":\"b\"}}", r.Json, StringComparison.Ordinal);
            },
            r =>
            {
                Assert.Equal("iam.amazonaws.com", r.EventSource);
                Assert.Equal("CreateUser", r.EventName);
                Assert.Equal(1, r.Index);
            });
        Assert.Equal(Encoding.UTF8.GetByteCount(TwoRecords), result.BytesConsumed);
    }

    [Fact]
    public void Read_RecordByteOffset_PointsAtRecordInLog()
    {
        var result = ReaderHarness.ReadOk(TwoRecords);

        foreach (var record in result.Records)
        {
            Assert.Equal(record.Json, TwoRecords.Substring((int)record.ByteOffset, record.Json.Length));
        }
    }

    [Fact]
    public void Read_PrettyPrintedLog_YieldsSameRecordsAsCompact()
    {
        var pretty = JsonNode.Parse(TwoRecords)!.ToJsonString(new JsonSerializerOptions { WriteIndented = true });

        var compact = ReaderHarness.ReadOk(TwoRecords).Records;
        var indented = ReaderHarness.ReadOk(pretty).Records;

        Assert.Equal(compact.Count, indented.Count);
        for (var i = 0; i < compact.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(JsonNode.Parse(compact[i].Json), JsonNode.Parse(indented[i].Json)));
            Assert.Equal(compact[i].EventName, indented[i].EventName);
            Assert.Equal(compact[i].EventSource, indented[i].EventSource);
        }
    }

    [Fact]
    public void Read_WhitespaceAroundColons_StillFindsFields()
    {
        var json = "{ \"Records\" : [ { \"eventSource\"\t:\r\n \"kms.amazonaws.com\" , \"eventName\"  :\n\"Decrypt\" } ] }";

        var record = Assert.Single(ReaderHarness.ReadOk(json).Records);

        Assert.Equal("kms.amazonaws.com", record.EventSource);
        Assert.Equal("Decrypt", record.EventName);
    }

    [Fact]
    public void Read_RecordsNotFirstKey_SkipsOtherKeysWithTrickyContent()
    {
        var json = """
            {"note":"a ] } { [ \" \\\" string","nested":{"Records":"not this","a":[1,{"b":"]]]"}],"c":{}},"list":[[],[{}],"x"],
             "Records":[{"eventName":"ListBuckets"}],
             "after":{"Records":[{"eventName":"Ignored"}]},"tail":"}]"}
            """;

        var record = Assert.Single(ReaderHarness.ReadOk(json).Records);

        Assert.Equal("ListBuckets", record.EventName);
    }

    [Fact]
    public void Read_EscapedValues_AreUnescaped()
    {
        var json = """{"Records":[{"eventSource":"s3.amazon\u0061ws.com","eventName":"PutBucket\u004cogging"},{"eventName":"a\"b\\c\/d\u00e9\ud83d\ude00"}]}""";

        var records = ReaderHarness.ReadOk(json).Records;

        Assert.Equal("s3.amazonaws.com", records[0].EventSource);
        Assert.Equal("PutBucketLogging", records[0].EventName);
        Assert.Equal("a\"b\\c/d\u00e9\U0001F600", records[1].EventName);
    }

    [Fact]
    public void Read_EscapedKeys_AreRecognised()
    {
        var json = """{"Records":[{"event\u004eame":"DeleteTrail","\u0065ventSource":"cloudtrail.amazonaws.com"}]}""";

        var record = Assert.Single(ReaderHarness.ReadOk(json).Records);

        Assert.Equal("DeleteTrail", record.EventName);
        Assert.Equal("cloudtrail.amazonaws.com", record.EventSource);
    }

    [Fact]
    public void Read_EventTime_IsTakenFromTheTopLevelOnlyAndUnescaped()
    {
        var json = """{"Records":[{"requestParameters":{"eventTime":"nested"},"eventTime":"2024-01-15T10:45:23Z"},{"event\u0054ime":"2024-01-15T10:45:2\u0034Z"},{"eventTime":5},{"eventTimes":"x"}]}""";

        var records = ReaderHarness.ReadOk(json).Records;

        Assert.Equal(["2024-01-15T10:45:23Z", "2024-01-15T10:45:24Z", "", ""], records.Select(r => r.EventTime));
    }

    [Fact]
    public void Read_KeysThatOnlyResembleEventName_AreNotTaken()
    {
        var json = """{"Records":[{"eventNameX":"a","eventSource\"":"b","event\"Name":"c","x":"eventName","eventNam":"d","e":"eventSource"}]}""";

        var record = Assert.Single(ReaderHarness.ReadOk(json).Records);

        Assert.Equal("", record.EventName);
        Assert.Equal("", record.EventSource);
    }

    [Fact]
    public void Read_NestedKeyWithSameName_IsNotTaken()
    {
        var json = """
            {"Records":[
              {"requestParameters":{"eventName":"Nested","eventSource":"nested.amazonaws.com"},"eventName":"Top","list":[{"eventName":"InArray"}]},
              {"requestParameters":{"eventName":"OnlyNested"},"x":["eventName","eventSource"]}
            ]}
            """;

        var records = ReaderHarness.ReadOk(json).Records;

        Assert.Equal("Top", records[0].EventName);
        Assert.Equal("", records[0].EventSource);
        Assert.Equal("", records[1].EventName);
    }

    [Fact]
    public void Read_FieldsThatAreNotStrings_AreEmpty()
    {
        var json = """{"Records":[{"eventName":null,"eventSource":{"a":"b"}},{"eventName":42,"eventSource":["s"]}]}""";

        var records = ReaderHarness.ReadOk(json).Records;

        Assert.All(records, r => Assert.Equal("", r.EventName));
        Assert.All(records, r => Assert.Equal("", r.EventSource));
    }

    [Fact]
    public void Read_RepeatedKey_TakesLastLikeSystemTextJson()
    {
        var json = """{"Records":[{"eventName":"First","eventName":"Second"}]}""";

        var record = Assert.Single(ReaderHarness.ReadOk(json).Records);

        using var document = JsonDocument.Parse(record.Json);
        Assert.Equal(document.RootElement.GetProperty("eventName").GetString(), record.EventName);
        Assert.Equal("Second", record.EventName);
    }

    [Theory]
    [InlineData("""{"Records":[]}""")]
    [InlineData("""{ "Records" : [ ] }""")]
    [InlineData("""{"a":1,"Records":[],"b":[]}""")]
    public void Read_EmptyRecords_YieldsNothing(string json)
    {
        Assert.Empty(ReaderHarness.ReadOk(json).Records);
    }

    [Fact]
    public void Read_NullAndEmptyNestedObjects_AreReadWhole()
    {
        var json = """{"Records":[{"requestParameters":null,"responseElements":{},"resources":[],"eventName":"X"}]}""";

        var record = Assert.Single(ReaderHarness.ReadOk(json).Records);

        Assert.Equal("""{"requestParameters":null,"responseElements":{},"resources":[],"eventName":"X"}""", record.Json);
        Assert.Equal("X", record.EventName);
    }

    [Fact]
    public void Read_Utf8ByteOrderMark_IsSkipped()
    {
        var bytes = Encoding.UTF8.GetPreamble().Concat(Encoding.UTF8.GetBytes(TwoRecords)).ToArray();

        var result = ReaderHarness.Read(new MemoryStream(bytes));

        Assert.Null(result.Fault);
        Assert.Equal(2, result.Records.Count);
        Assert.Equal(3 + TwoRecords.IndexOf("{\"eventVersion", StringComparison.Ordinal), result.Records[0].ByteOffset);
        Assert.Equal(bytes.Length, result.BytesConsumed);
    }

    [Fact]
    public void Read_StringsFullOfStructuralCharacters_DoNotSplitRecords()
    {
        var json = """{"Records":[{"a":"}]},{\"eventName\":\"Fake\"}","b":"\\","c":"\\\"}","eventName":"Real"},{"eventName":"Second","d":"[[[{{{"}]}""";

        var records = ReaderHarness.ReadOk(json).Records;

        Assert.Equal(["Real", "Second"], records.Select(r => r.EventName));
    }

    [Fact]
    public void Read_LongBackslashRunsAcrossBlockBoundaries_AreTrackedCorrectly()
    {
        // Runs of 1..70 backslashes put both even and odd runs across every 64-byte block boundary.
        var records = Enumerable.Range(1, 70)
            .Select(n => new JsonObject { ["pad"] = new string('x', n), ["v"] = new string('\\', n) + "\"" + new string('\\', n), ["eventName"] = $"E{n}" })
            .ToList();
        var json = new JsonObject { ["Records"] = new JsonArray([.. records]) }.ToJsonString();

        var result = ReaderHarness.ReadOk(json).Records;

        Assert.Equal(records.Count, result.Count);
        for (var i = 0; i < records.Count; i++)
        {
            Assert.True(JsonNode.DeepEquals(records[i], JsonNode.Parse(result[i].Json)));
            Assert.Equal($"E{i + 1}", result[i].EventName);
        }
    }

    [Fact]
    public void Read_TinyBufferAndOneByteReadsAtEveryAlignment_MatchesWholeBufferRead()
    {
        var body = """{"x":"]","Records":[{"eventSource":"s3.amazonaws.com","requestParameters":{"k":"v\"}"},"eventName":"Put\u004fbject","arr":[1,2,{"eventName":"n"}]},{"event\u004eame":"Two","s":"\\\\"},{}],"y":[{}]}""";
        var expected = ReaderHarness.ReadOk(body).Records;

        for (var padding = 0; padding < 70; padding++)
        {
            var json = new string(' ', padding) + body;
            foreach (var bufferSize in new[] { 1, 16, 33, 64, 100 })
            {
                var result = ReaderHarness.Read(ChunkedStream.OneByteAtATime(Encoding.UTF8.GetBytes(json)), bufferSize);

                Assert.Null(result.Fault);
                Assert.Equal(expected.Select(r => (r.Json, r.EventSource, r.EventName)), result.Records.Select(r => (r.Json, r.EventSource, r.EventName)));
                Assert.Equal(expected.Select(r => r.ByteOffset + padding), result.Records.Select(r => r.ByteOffset));
            }
        }
    }

    [Fact]
    public async Task ReadAsync_ChunkedStream_MatchesSyncRead()
    {
        var bytes = Encoding.UTF8.GetBytes(TwoRecords);
        var sync = ReaderHarness.Read(new MemoryStream(bytes));

        var result = await ReaderHarness.ReadAsync(ChunkedStream.Random(bytes, seed: 7, maxChunk: 5), bufferSize: 16);

        Assert.Null(result.Fault);
        Assert.Equal(sync.Records, result.Records);
    }

    [Fact]
    public async Task ReadAsync_RecordAlreadyBuffered_CompletesSynchronously()
    {
        using var reader = new CloudTrailReader(new MemoryStream(Encoding.UTF8.GetBytes(TwoRecords)), "mem");

        Assert.True(await reader.ReadAsync());
        var second = reader.ReadAsync();

        Assert.True(second.IsCompletedSuccessfully);
        Assert.True(await second);
    }

    [Fact]
    public async Task ReadAsync_CancelledToken_IsCancelled()
    {
        using var reader = new CloudTrailReader(new MemoryStream(Encoding.UTF8.GetBytes(TwoRecords)), "mem");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () => await reader.ReadAsync(cancellation.Token));
    }

    [Fact]
    public void Dispose_OwnedStream_IsDisposedUnlessLeftOpen()
    {
        var owned = new MemoryStream(Encoding.UTF8.GetBytes(TwoRecords));
        var kept = new MemoryStream(Encoding.UTF8.GetBytes(TwoRecords));

        new CloudTrailReader(owned, "a").Dispose();
        new CloudTrailReader(kept, "b", leaveOpen: true).Dispose();

        Assert.False(owned.CanRead);
        Assert.True(kept.CanRead);
    }

    [Fact]
    public void Read_AfterDispose_Throws()
    {
        var reader = new CloudTrailReader(new MemoryStream(Encoding.UTF8.GetBytes(TwoRecords)), "a");
        reader.Dispose();

        Assert.Throws<ObjectDisposedException>(() => reader.Read());
    }
}
