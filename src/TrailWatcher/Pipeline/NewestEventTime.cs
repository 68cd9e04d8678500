using System.Globalization;
using System.Text;

namespace TrailWatcher.Pipeline;

/// <summary>The newest eventTime of one object, kept as raw text: ISO-8601 UTC times order correctly as bytes, so no record is parsed for it.</summary>
internal sealed class NewestEventTime
{
    private readonly byte[] _newest = new byte[40];
    private int _length;

    public void Note(ReadOnlySpan<byte> eventTime)
    {
        if (eventTime.Length is > 0 and <= 40 && eventTime.SequenceCompareTo(_newest.AsSpan(0, _length)) > 0)
        {
            eventTime.CopyTo(_newest);
            _length = eventTime.Length;
        }
    }

    public bool TryGet(out DateTimeOffset time) =>
        DateTimeOffset.TryParse(Encoding.UTF8.GetString(_newest, 0, _length), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
}
