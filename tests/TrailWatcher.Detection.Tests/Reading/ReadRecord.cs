using System.Text;
using TrailWatcher.Detection.Reading;

namespace TrailWatcher.Detection.Tests.Reading;

/// <summary>A copy of one <see cref="RawRecord"/>, safe to keep after the reader moves on.</summary>
internal sealed record ReadRecord(string Json, string EventSource, string EventName, string EventTime, long Index, long ByteOffset, bool Oversized = false, string Identity = "")
{
    public static ReadRecord From(RawRecord raw) => new(
        Encoding.UTF8.GetString(raw.Json.Span),
        Encoding.UTF8.GetString(raw.EventSource.Span),
        Encoding.UTF8.GetString(raw.EventName.Span),
        Encoding.UTF8.GetString(raw.EventTime.Span),
        raw.Index,
        raw.ByteOffset,
        (raw.Traits & RecordTraits.Oversized) != 0,
        Encoding.UTF8.GetString(raw.Json.Span[raw.Identity]));
}
