namespace TrailWatcher.Detection.Reading;

/// <summary>Records past the size limit: scanned to their end as they stream by, never held, and handed out as empty records marked oversized.</summary>
public sealed partial class CloudTrailReader
{
    // A record nested deeper than this is not data but an attack on whoever parses it; skipping it needs no more.
    private const int MaxSkipDepth = 4096;

    private int _skipDepth;
    private bool _skipInString;
    private bool _skipEscaped;
    private long _skipStartOffset;

    /// <summary>The size in bytes of the last record handed out with <see cref="RecordTraits.Oversized"/>.</summary>
    public long OversizedRecordBytes { get; private set; }

    private ReadStep StartSkipping(int start)
    {
        _skipDepth = 0;
        _skipInString = false;
        _skipEscaped = false;
        _skipStartOffset = _bufferOffset + start;
        _phase = ReaderPhase.SkippingRecord;
        _pos = start;
        return ContinueSkipping() ?? NeedMore();
    }

    /// <summary>Scans on from <c>_pos</c>; the oversized record once its end is found, null when the buffer ends first (its bytes are then dropped).</summary>
    private ReadStep? ContinueSkipping()
    {
        var buffer = _buffer;
        for (var i = _pos; i < _end; i++)
        {
            var c = buffer[i];
            if (_skipInString)
            {
                if (_skipEscaped)
                {
                    _skipEscaped = false;
                }
                else if (c == '\\')
                {
                    _skipEscaped = true;
                }
                else if (c == '"')
                {
                    _skipInString = false;
                }

                continue;
            }

            switch (c)
            {
                case (byte)'"':
                    _skipInString = true;
                    break;
                case (byte)'{' or (byte)'[':
                    if (_skipDepth == MaxSkipDepth)
                    {
                        throw Format(i, $"record {_recordsRead} is nested more than {MaxSkipDepth} levels deep");
                    }

                    if (_skipDepth == _stack.Length)
                    {
                        Array.Resize(ref _stack, _skipDepth * 2);
                    }

                    _stack[_skipDepth++] = c;
                    break;
                case (byte)'}' or (byte)']':
                    // '{' + 2 is '}' and '[' + 2 is ']'.
                    if (_skipDepth == 0 || _stack[--_skipDepth] + 2 != c)
                    {
                        throw Format(i, $"invalid JSON: '{(char)c}' does not match its opening bracket in record {_recordsRead}");
                    }

                    if (_skipDepth == 0)
                    {
                        return Oversized((int)(_skipStartOffset - _bufferOffset), _bufferOffset + i + 1 - _skipStartOffset, i + 1);
                    }

                    break;
            }
        }

        // Nothing before _end is needed again: the next fill starts on an empty buffer.
        _pos = _end;
        return null;
    }

    private ReadStep Oversized(int start, long bytes, int end)
    {
        OversizedRecordBytes = bytes;
        _current = new RawRecord(default, default, default, default, _recordsRead, _bufferOffset + start, RecordTraits.Oversized);
        _recordsRead++;
        _pos = end;
        _phase = ReaderPhase.RecordsAfterItem;
        return ReadStep.Record;
    }
}
