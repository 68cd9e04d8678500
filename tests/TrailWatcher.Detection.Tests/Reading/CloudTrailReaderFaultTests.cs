using System.Text;
using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Detection.Tests.Reading;

public class CloudTrailReaderFaultTests
{
    private const string ThreeRecords = """{"Records":[{"eventName":"A","p":{"q":[1]}},{"eventName":"B"},{"eventName":"C","s":"x\"y"}]}""";

    [Fact]
    public void Read_TruncatedAfterTwoRecords_YieldsTwoThenThrowsAtRecordTwo()
    {
        var cut = ThreeRecords.IndexOf("{\"eventName\":\"C\"", StringComparison.Ordinal) + 10;

        foreach (var bufferSize in new[] { 16, 64 * 1024 })
        {
            var result = ReaderHarness.Read(ThreeRecords[..cut], bufferSize);

            Assert.Equal(["A", "B"], result.Records.Select(r => r.EventName));
            Assert.NotNull(result.Fault);
            Assert.Equal(2, result.Fault.RecordIndex);
            Assert.Equal(cut, result.Fault.ByteOffset);
            Assert.Equal(ReaderHarness.Source, result.Fault.Source);
            Assert.Contains("truncated", result.Fault.Reason, StringComparison.Ordinal);
            Assert.Contains("inside record 2", result.Fault.Reason, StringComparison.Ordinal);
        }
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Read_StreamFailsWithinTheFirstBuffer_YieldsTheCompleteRecordsBeforeTheFault(bool gzipped)
    {
        // A reset connection or a corrupt gzip block after two whole records: both must still be evaluated.
        var cut = ThreeRecords.IndexOf("{\"eventName\":\"C\"", StringComparison.Ordinal) + 5;
        Stream stream = new FaultAfterStream(Encoding.UTF8.GetBytes(ThreeRecords[..cut]), gzipped ? new InvalidDataException("bad block") : new IOException("connection reset"));
        using var reader = new CloudTrailReader(stream, ReaderHarness.Source);

        var names = new List<string>();
        var fault = await Assert.ThrowsAsync<CloudTrailFormatException>(async () =>
        {
            while (await reader.ReadAsync())
            {
                names.Add(Encoding.UTF8.GetString(reader.Current.EventName.Span));
            }
        });

        Assert.Equal(["A", "B"], names);
        Assert.Equal(2, fault.RecordIndex);
        Assert.Contains(gzipped ? "corrupt compressed data: bad block" : "could not be read: connection reset", fault.Reason, StringComparison.Ordinal);
    }

    private sealed class FaultAfterStream(byte[] data, Exception fault) : MemoryStream(data)
    {
        public override int Read(byte[] buffer, int offset, int count)
        {
            var read = base.Read(buffer, offset, count);
            return read > 0 ? read : throw fault;
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            var read = Read(buffer.Span);
            return read > 0 ? ValueTask.FromResult(read) : ValueTask.FromException<int>(fault);
        }

        public override int Read(Span<byte> buffer)
        {
            var read = base.Read(buffer);
            return read > 0 ? read : throw fault;
        }
    }

    [Theory]
    [InlineData("""{"Records":[{"eventName":"A"}""")]
    [InlineData("""{"Records":[{"eventName":"A"},""")]
    [InlineData("""{"Records":[{"eventName":"A"}]""")]
    [InlineData("""{"Records":[{"eventName":"A"}],"x":""")]
    [InlineData("""{"Records":[{"eventName":"A"}],"x":{"y":[""")]
    public void Read_TruncatedAfterCompleteRecords_YieldsThemThenThrowsTruncated(string json)
    {
        var result = ReaderHarness.Read(json);

        Assert.Equal("A", Assert.Single(result.Records).EventName);
        Assert.NotNull(result.Fault);
        Assert.Equal(1, result.Fault.RecordIndex);
        Assert.StartsWith("truncated JSON", result.Fault.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"Rec""")]
    [InlineData("""{"Records":""")]
    [InlineData("""{"a":"b""")]
    [InlineData("{")]
    public void Read_TruncatedBeforeRecords_ThrowsTruncated(string json)
    {
        var fault = ReaderHarness.ReadFault(json);

        Assert.StartsWith("truncated JSON", fault.Reason, StringComparison.Ordinal);
        Assert.Equal(0, fault.RecordIndex);
    }

    [Theory]
    [InlineData("""{"records":[]}""")]
    [InlineData("""{}""")]
    [InlineData("""{"a":{"Records":[]}}""")]
    [InlineData("""{"awsAccountId":"123456789012","digestStartTime":"2024-05-01T00:00:00Z","logFiles":[]}""")]
    public void Read_ObjectWithoutRecords_ThrowsNotCloudTrail(string json)
    {
        var fault = ReaderHarness.ReadFault(json);

        Assert.Equal("not a CloudTrail log: no top-level Records array", fault.Reason);
    }

    [Theory]
    [InlineData("""[{"eventName":"A"}]""")]
    [InlineData("\"Records\"")]
    [InlineData("42")]
    [InlineData("null")]
    public void Read_TopLevelNotObject_ThrowsNotCloudTrail(string json)
    {
        var fault = ReaderHarness.ReadFault(json);

        Assert.Contains("top-level value is not an object", fault.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  \n ")]
    public void Read_EmptyObject_ThrowsNotCloudTrail(string json)
    {
        var fault = ReaderHarness.ReadFault(json);

        Assert.StartsWith("not a CloudTrail log", fault.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"Records":{"eventName":"A"}}""")]
    [InlineData("""{"Records":null}""")]
    [InlineData("""{"Records":"[]"}""")]
    public void Read_RecordsNotArray_ThrowsNotCloudTrail(string json)
    {
        var fault = ReaderHarness.ReadFault(json);

        Assert.StartsWith("not a CloudTrail log: Records is not an array", fault.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"Records":[{"eventName":"A"},1]}""")]
    [InlineData("""{"Records":[{"eventName":"A"},"x"]}""")]
    [InlineData("""{"Records":[{"eventName":"A"},null]}""")]
    [InlineData("""{"Records":[{"eventName":"A"},[{}]]}""")]
    public void Read_NonObjectElement_YieldsEarlierRecordsThenThrows(string json)
    {
        var result = ReaderHarness.Read(json);

        Assert.Single(result.Records);
        Assert.NotNull(result.Fault);
        Assert.Equal(1, result.Fault.RecordIndex);
        Assert.Contains("element 1 of Records is not an object", result.Fault.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"Records":[{"a":[}]}""")]
    [InlineData("""{"Records":[{"a":{]}]}""")]
    [InlineData("""{"Records":[{"a":1} {"b":2}]}""")]
    [InlineData("""{"Records":[{"a":1},]}""")]
    [InlineData("""{"Records":[{"a":1}],}""")]
    [InlineData("""{"Records":[{"a":1}]} x""")]
    [InlineData("""{"Records":[{"a":1}]}}""")]
    [InlineData("""{"Records":[{"a":1}] "b":1}""")]
    [InlineData("""{"a":tru,"Records":[]}""")]
    [InlineData("""{"Records":[{"event\u00ZZName":"A"}]}""")]
    [InlineData("""{"Records":[{"eventName":"bad \u12"}]}""")]
    public void Read_InvalidJson_ThrowsInvalidJson(string json)
    {
        var fault = ReaderHarness.ReadFault(json);

        Assert.StartsWith("invalid JSON", fault.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_DuplicateRecordsKey_Throws()
    {
        var fault = ReaderHarness.ReadFault("""{"Records":[],"Records":[{"eventName":"Hidden"}]}""");

        Assert.Contains("more than one top-level Records key", fault.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RecordOverLimit_IsHandedOutEmptyAndMarkedOversized_TheRecordsAfterItAreRead()
    {
        var json = "{\"Records\":[{\"eventName\":\"Small\"},{\"eventName\":\"Big\",\"blob\":\"" + new string('x', 5000) + "\"},{\"eventName\":\"After\"}]}";

        foreach (var bufferSize in new[] { 16, 1024, 64 * 1024 })
        {
            var result = ReaderHarness.Read(json, bufferSize, maxRecordBytes: 1000);

            Assert.Null(result.Fault);
            Assert.Equal(["Small", "", "After"], result.Records.Select(r => r.EventName));
            var big = result.Records[1];
            Assert.True(big.Oversized);
            Assert.Equal("", big.Json);
            Assert.Equal(1, big.Index);
            Assert.Equal(json.IndexOf("{\"eventName\":\"Big\"", StringComparison.Ordinal), big.ByteOffset);
            Assert.False(result.Records[2].Oversized);
        }
    }

    [Theory]
    [InlineData(16)]
    [InlineData(300)]
    [InlineData(4096)]
    public void Read_OversizedRecordWithBracketsQuotesAndEscapesInStrings_EndsWhereItsObjectEnds(int bufferSize)
    {
        var tricky = "\"a \\\"quoted\\\" } ] { [ value\\\\\"";
        var big = "{\"eventName\":\"Big\",\"list\":[{\"k\":" + tricky + "},[1,2,{\"n\":null}]],\"pad\":\"" + new string('y', 3000) + "\"}";
        var json = "{\"Records\":[" + big + ",{\"eventName\":\"After\"}]}";

        var result = ReaderHarness.Read(json, bufferSize, maxRecordBytes: 1000);

        Assert.Null(result.Fault);
        Assert.Equal([true, false], result.Records.Select(r => r.Oversized));
        Assert.Equal("After", result.Records[1].EventName);
    }

    [Fact]
    public async Task ReadAsync_RecordOverLimit_IsSkippedTheSameWay()
    {
        var json = "{\"Records\":[{\"eventName\":\"Big\",\"blob\":\"" + new string('x', 50_000) + "\"},{\"eventName\":\"After\"}]}";

        var result = await ReaderHarness.ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(json)), bufferSize: 64, maxRecordBytes: 1000);

        Assert.Null(result.Fault);
        Assert.Equal([true, false], result.Records.Select(r => r.Oversized));
    }

    [Theory]
    [InlineData("{\"Records\":[{\"eventName\":\"Big\",\"blob\":\"XXXX", "truncated JSON: the log ends inside record 0")]
    [InlineData("{\"Records\":[{\"eventName\":\"Big\",\"blob\":\"XXXX\"]}", "does not match")]
    public void Read_OversizedRecordBroken_FailsAsABrokenRecordDoes(string prefix, string reason)
    {
        var json = prefix.Replace("XXXX", new string('x', 5000), StringComparison.Ordinal);

        var fault = ReaderHarness.Read(json, bufferSize: 64, maxRecordBytes: 1000).Fault;

        Assert.NotNull(fault);
        Assert.Contains(reason, fault.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_OversizedRecordNestedBeyondAnyDataShape_FailsInsteadOfGrowingWithoutEnd()
    {
        var json = "{\"Records\":[{\"a\":" + new string('[', 10_000) + new string(']', 10_000) + "}]}";

        var fault = ReaderHarness.Read(json, bufferSize: 64, maxRecordBytes: 1000).Fault;

        Assert.NotNull(fault);
        Assert.Contains("nested more than", fault.Reason, StringComparison.Ordinal);
    }

    // Found by fuzzing the reader: the same in a top-level property name, read by the envelope's JSON reader.
    [Theory]
    [InlineData("""{"R\udc00":[]}""")]
    [InlineData("""{"Records\ud800x":[]}""")]
    public void Read_TopLevelKeyEscapingALoneSurrogate_IsAFormatError(string json)
    {
        var fault = ReaderHarness.Read(json).Fault;

        Assert.NotNull(fault);
        Assert.Contains("invalid JSON", fault.Reason, StringComparison.Ordinal);
    }

    // Found by fuzzing the reader: an escaped lone surrogate escaped the reader as InvalidOperationException.
    [Theory]
    [InlineData("""{"Records":[{"eventName":"\ud800"}]}""")]
    [InlineData("""{"Records":[{"eventTime":"\udc00"}]}""")]
    [InlineData("""{"Records":[{"eventSource":"\ud83d\n"}]}""")]
    [InlineData("""{"Records":[{"eventNam\ud800":1}]}""")]
    public void Read_KeyOrKeyFieldEscapingALoneSurrogate_IsAFormatErrorNamingTheRecord(string json)
    {
        var fault = ReaderHarness.Read(json).Fault;

        Assert.NotNull(fault);
        Assert.Equal(0, fault.RecordIndex);
        Assert.Contains("bad escape in", fault.Reason, StringComparison.Ordinal);
        Assert.Contains("of record 0", fault.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RecordExactlyAtLimit_IsAccepted()
    {
        var record = "{\"eventName\":\"Edge\",\"blob\":\"" + new string('x', 200) + "\"}";
        var json = "{\"Records\":[" + record + "]}";

        var result = ReaderHarness.Read(json, bufferSize: 16, maxRecordBytes: record.Length);

        Assert.Null(result.Fault);
        Assert.Equal("Edge", Assert.Single(result.Records).EventName);
    }

    [Fact]
    public void Read_HugeValueOutsideRecordsOverLimit_Throws()
    {
        var json = "{\"blob\":\"" + new string('x', 5000) + "\",\"Records\":[]}";

        var fault = ReaderHarness.Read(json, bufferSize: 64, maxRecordBytes: 1000).Fault;

        Assert.NotNull(fault);
        Assert.Contains("larger than the 1000-byte limit", fault.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_AfterFault_ThrowsSameFaultAgain()
    {
        using var reader = new CloudTrailReader(new MemoryStream(Encoding.UTF8.GetBytes("""{"Records":[{"a":1},2]}""")), "x");
        Assert.True(reader.Read());
        var first = Assert.Throws<CloudTrailFormatException>(() => reader.Read());

        var second = Assert.Throws<CloudTrailFormatException>(() => reader.Read());

        Assert.Same(first, second);
    }

    [Fact]
    public async Task ReadAsync_TruncatedLog_ThrowsFormatException()
    {
        var bytes = Encoding.UTF8.GetBytes(ThreeRecords[..^2]);

        var result = await ReaderHarness.ReadAsync(ChunkedStream.Random(bytes, seed: 3, maxChunk: 4), bufferSize: 16);

        Assert.Equal(3, result.Records.Count);
        Assert.NotNull(result.Fault);
        Assert.StartsWith("truncated JSON", result.Fault.Reason, StringComparison.Ordinal);
    }
}
