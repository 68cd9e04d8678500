using System.Text;
using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Detection.Testing;

/// <summary>Reads the single record of a CloudTrail log document built from a test event, through the production reader.</summary>
/// <remarks>
/// The same bytes-to-candidates path records take in the pipeline: the streaming reader finds the record and its
/// top-level eventSource/eventName (unescaped), and the record's own bytes are parsed for evaluation.
/// </remarks>
internal static class TestRecordReader
{
    public static TestRecord ReadSingle(string logJson)
    {
        using var reader = new CloudTrailReader(new MemoryStream(Encoding.UTF8.GetBytes(logJson)), "test event");
        if (!reader.Read())
        {
            throw new InvalidOperationException("expected exactly one record, found none");
        }

        var current = reader.Current;
        if ((current.Traits & RecordTraits.Oversized) != 0)
        {
            throw new InvalidOperationException("the test event is larger than the reader's record limit");
        }

        var json = current.Json.ToArray();
        var eventSource = current.EventSource.ToArray();
        var eventName = current.EventName.ToArray();
        if (reader.Read())
        {
            throw new InvalidOperationException("expected exactly one record, found more");
        }

        return new TestRecord(json, eventSource, eventName, current.Traits, current.Identity);
    }
}
