using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace TrailWatcher.Detection.Reading;

public sealed partial class CloudTrailReader
{
    private const int BlockSize = JsonBlockClassifier.BlockSize;
    private const int NoField = 0;
    private const int SourceField = 1;
    private const int NameField = 2;
    private const int TimeField = 3;

    /// <summary>Where the value of a top-level field the record is keyed on stands in the buffer.</summary>
    // A struct held in fields, so noting the fields of every record allocates nothing.
    private readonly record struct CapturedField(int Start, int Length, bool Escaped)
    {
        // Only escaped values are copied, unescaped, into the scratch buffer.
        public int ScratchLength => Escaped ? Length : 0;
    }

    private ReadStep ReadRecordAt(int start)
    {
        var end = ScanRecord(start);
        if (end < 0)
        {
            // Past the limit the record is no longer held: it is scanned to its end as it streams by, and reported.
            return _end - start >= _maxRecordBytes ? StartSkipping(start) : NeedMore();
        }

        if (end - start > _maxRecordBytes)
        {
            return Oversized(start, end - start, end);
        }

        var scratchNeeded = _eventSource.ScratchLength + _eventName.ScratchLength + _eventTime.ScratchLength;
        if (_scratch.Length < scratchNeeded)
        {
            _scratch = new byte[Math.Max(scratchNeeded, 256)];
        }

        var scratchUsed = 0;
        var eventSource = FieldValue(_eventSource, ref scratchUsed);
        var eventName = FieldValue(_eventName, ref scratchUsed);
        var eventTime = FieldValue(_eventTime, ref scratchUsed);
        // A repeated userIdentity leaves the identity unknown: which one an evaluator reads is then not this reader's call.
        var identity = _identities == 1 && _identityEnd > 0 ? new Range(_identityStart - start, _identityEnd - start) : default;
        _current = new RawRecord(new ReadOnlyMemory<byte>(_buffer, start, end - start), eventSource, eventName, eventTime, _recordsRead, _bufferOffset + start, _traits, identity);
        _recordsRead++;
        _pos = end;
        _phase = ReaderPhase.RecordsAfterItem;
        return ReadStep.Record;
    }

    /// <summary>Finds the end of the record starting at <paramref name="start"/> and notes its top-level eventSource, eventName and eventTime.</summary>
    /// <returns>The index just past the record's closing brace, or -1 when the buffer ends first.</returns>
    private int ScanRecord(int start)
    {
        _eventSource = _eventName = _eventTime = default;
        _traits = RecordTraits.None;
        _identities = _identityEnd = 0;
        ulong anyBackslash = 0;
        var buffer = _buffer;
        var end = _end;
        ref var data = ref MemoryMarshal.GetArrayDataReference(buffer);
        var depth = 0;
        ulong previousInString = 0;
        ulong previousEscaped = 0;
        for (var blockStart = start; blockStart < end; blockStart += BlockSize)
        {
            ulong quotes, backslashes, opens, closes, keyStarts;
            if (end - blockStart >= BlockSize)
            {
                JsonBlockClassifier.Classify(ref Unsafe.Add(ref data, blockStart), out quotes, out backslashes, out opens, out closes, out keyStarts);
            }
            else
            {
                ClassifyTail(buffer.AsSpan(blockStart, end - blockStart), out quotes, out backslashes, out opens, out closes, out keyStarts);
            }

            // The first block may reach past the record's end into the next one: a backslash there only costs a parse.
            anyBackslash |= backslashes;
            quotes &= ~JsonBlockClassifier.FindEscaped(backslashes, ref previousEscaped);
            var inString = JsonBlockClassifier.PrefixXor(quotes) ^ previousInString;
            previousInString = (ulong)((long)inString >> 63);

            // An opening quote has its in-string bit set. Only those whose next byte could begin eventSource or
            // eventName are worth a look (the last bit's next byte is in the next block, so it always is).
            var events = ((opens | closes) & ~inString) | (quotes & inString & ((keyStarts >> 1) | (1UL << 63)));
            while (events != 0)
            {
                var index = blockStart + BitOperations.TrailingZeroCount(events);
                events &= events - 1;
                var c = buffer[index];
                if (c == '"')
                {
                    if (depth == 1 && !InspectKey(index))
                    {
                        return -1;
                    }

                    continue;
                }

                if ((c | 0x20) == '{')
                {
                    if (depth == 1 && IsIdentityValue(index, start))
                    {
                        _identityStart = index;
                        _identityEnd = -1;
                        _identities++;
                    }

                    if (depth == _stack.Length)
                    {
                        Array.Resize(ref _stack, depth * 2);
                    }

                    _stack[depth++] = c;
                    continue;
                }

                // '{' + 2 is '}' and '[' + 2 is ']'.
                if (_stack[--depth] + 2 != c)
                {
                    throw Format(index, $"invalid JSON: '{(char)c}' does not match '{(char)_stack[depth]}' in record {_recordsRead}");
                }

                if (depth == 1 && _identityEnd < 0)
                {
                    _identityEnd = index + 1;
                }

                if (depth == 0)
                {
                    if (anyBackslash != 0)
                    {
                        _traits |= RecordTraits.Escaped;
                    }

                    return index + 1;
                }
            }
        }

        return -1;
    }

    // Whether the object or array opening here, directly inside the record, is the value of "userIdentity": the key and
    // its colon stand just before it. In a record without backslashes no quote stands inside a string, so those bytes
    // are the key; a record with one is admitted by every guard whatever this says.
    private bool IsIdentityValue(int open, int recordStart)
    {
        var key = "\"userIdentity\""u8;
        var i = SkipWhitespaceBack(open - 1, recordStart);
        if (i <= recordStart || _buffer[i] != ':')
        {
            return false;
        }

        i = SkipWhitespaceBack(i - 1, recordStart);
        return i - key.Length >= recordStart && _buffer.AsSpan(i + 1 - key.Length, key.Length).SequenceEqual(key);
    }

    private int SkipWhitespaceBack(int i, int limit)
    {
        while (i > limit && _buffer[i] is (byte)' ' or (byte)'\n' or (byte)'\r' or (byte)'\t')
        {
            i--;
        }

        return i;
    }

    // A top-level errorCode, errorMessage or vpcEndpointId is noted as a trait; a string value that reads the same only
    // over-reports, which costs a parse, never a match. An escaped spelling sets Escaped, which defeats every text-based skip.
    private bool NoteTraitKey(ReadOnlySpan<byte> rest)
    {
        if (rest.IsEmpty)
        {
            return false;
        }

        // Most keys looked at here are eventVersion, eventID, eventType and the like: one byte tells them apart.
        if (rest[0] == (byte)'v')
        {
            return NoteTrait(rest, "vpcEndpointId\""u8, RecordTraits.VpcEndpoint);
        }

        if (rest.Length >= 2 && rest[1] != (byte)'r')
        {
            return true;
        }

        return NoteTrait(rest, "errorCode\""u8, RecordTraits.ErrorCode) && NoteTrait(rest, "errorMessage\""u8, RecordTraits.ErrorMessage);
    }

    // False when the buffer ends inside what could still be the key.
    private bool NoteTrait(ReadOnlySpan<byte> rest, ReadOnlySpan<byte> key, RecordTraits trait)
    {
        if (rest.StartsWith(key))
        {
            _traits |= trait;
            return true;
        }

        return rest.Length >= key.Length || !key.StartsWith(rest);
    }

    private static void ClassifyTail(
        ReadOnlySpan<byte> tail, out ulong quotes, out ulong backslashes, out ulong opens, out ulong closes, out ulong keyStarts)
    {
        // Spaces are inert to the scan, so padding the short last block with them changes nothing.
        Span<byte> block = stackalloc byte[BlockSize];
        block.Fill((byte)' ');
        tail.CopyTo(block);
        JsonBlockClassifier.Classify(block, out quotes, out backslashes, out opens, out closes, out keyStarts);
    }

    /// <summary>Looks at a string directly inside the record: if it is the key eventSource, eventName or eventTime, notes its value.</summary>
    /// <returns>False when the buffer ends before that could be decided.</returns>
    private bool InspectKey(int quote)
    {
        var start = quote + 1;
        var rest = _buffer.AsSpan(start, _end - start);
        int field;
        int close;
        var sourcePrefix = rest.CommonPrefixLength("eventSource\""u8);
        var namePrefix = rest.CommonPrefixLength("eventName\""u8);
        var timePrefix = rest.CommonPrefixLength("eventTime\""u8);
        if (sourcePrefix == 12)
        {
            field = SourceField;
            close = start + 11;
        }
        else if (namePrefix == 10)
        {
            field = NameField;
            close = start + 9;
        }
        else if (timePrefix == 10)
        {
            field = TimeField;
            close = start + 9;
        }
        else if ((sourcePrefix < rest.Length && rest[sourcePrefix] == '\\') || (namePrefix < rest.Length && rest[namePrefix] == '\\') || (timePrefix < rest.Length && rest[timePrefix] == '\\'))
        {
            // Literal bytes matched up to an escape: only decoding the key can tell.
            close = FindStringEnd(start, out _);
            if (close < 0)
            {
                return false;
            }

            field = MatchEscapedKey(quote, close);
        }
        else if (sourcePrefix == rest.Length || namePrefix == rest.Length || timePrefix == rest.Length)
        {
            return false;
        }
        else
        {
            return NoteTraitKey(rest);
        }

        if (field == NoField)
        {
            return true;
        }

        var i = SkipWhitespace(close + 1);
        if (i >= _end)
        {
            return false;
        }

        if (_buffer[i] != ':')
        {
            // A string value that happens to read "eventName".
            return true;
        }

        i = SkipWhitespace(i + 1);
        if (i >= _end)
        {
            return false;
        }

        var valueStart = i;
        var valueLength = 0;
        var valueEscaped = false;
        if (_buffer[i] == '"')
        {
            var valueEnd = FindStringEnd(i + 1, out valueEscaped);
            if (valueEnd < 0)
            {
                return false;
            }

            valueStart = i + 1;
            valueLength = valueEnd - valueStart;
        }

        // A repeated key overrides the earlier one, as System.Text.Json's lookups do.
        var value = new CapturedField(valueStart, valueLength, valueEscaped);
        if (field == SourceField)
        {
            _eventSource = value;
        }
        else if (field == NameField)
        {
            _eventName = value;
        }
        else
        {
            _eventTime = value;
        }

        return true;
    }

    private int MatchEscapedKey(int quote, int close)
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(quote, close + 1 - quote));
        try
        {
            reader.Read();
            return reader.ValueTextEquals("eventSource"u8) ? SourceField
                : reader.ValueTextEquals("eventName"u8) ? NameField
                : reader.ValueTextEquals("eventTime"u8) ? TimeField
                : NoField;
        }

        // ValueTextEquals reports an escaped lone surrogate as InvalidOperationException.
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw Format(quote, $"invalid JSON: bad escape in a property name of record {_recordsRead}", ex);
        }
    }

    /// <returns>The index of the closing quote of the string whose contents start at <paramref name="from"/>, or -1 when the buffer ends first.</returns>
    private int FindStringEnd(int from, out bool escaped)
    {
        escaped = false;
        var i = from;
        while (true)
        {
            var found = _buffer.AsSpan(i, _end - i).IndexOfAny((byte)'"', (byte)'\\');
            if (found < 0)
            {
                return -1;
            }

            i += found;
            if (_buffer[i] == '"')
            {
                return i;
            }

            escaped = true;
            i += 2;
            if (i >= _end)
            {
                return -1;
            }
        }
    }

    private ReadOnlyMemory<byte> FieldValue(CapturedField field, ref int scratchUsed)
    {
        if (!field.Escaped)
        {
            return new ReadOnlyMemory<byte>(_buffer, field.Start, field.Length);
        }

        var reader = new Utf8JsonReader(_buffer.AsSpan(field.Start - 1, field.Length + 2));
        int written;
        try
        {
            reader.Read();
            written = reader.CopyString(_scratch.AsSpan(scratchUsed));
        }
        // CopyString reports an escape that makes no valid UTF-16 text (a lone surrogate) as InvalidOperationException.
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            throw Format(field.Start, $"invalid JSON: bad escape in eventSource, eventName or eventTime of record {_recordsRead}", ex);
        }

        var value = new ReadOnlyMemory<byte>(_scratch, scratchUsed, written);
        scratchUsed += written;
        return value;
    }

    private int SkipWhitespace(int i)
    {
        var buffer = _buffer;
        var end = _end;
        while (i < end)
        {
            var b = buffer[i];
            if (b > (byte)' ' || (b != (byte)' ' && b != (byte)'\n' && b != (byte)'\r' && b != (byte)'\t'))
            {
                break;
            }

            i++;
        }

        return i;
    }
}
