using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.ExceptionServices;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace TrailWatcher.Detection.Reading;

/// <summary>Streams the records of one CloudTrail log (<c>{"Records":[…]}</c>) from uncompressed JSON, one at a time, over a pooled buffer.</summary>
/// <remarks>
/// Records are found by a structural scan (string boundaries and brackets, 64 bytes at a time), not by tokenising
/// them: most records are discarded after a look at eventSource/eventName, and whoever keeps one parses it then.
/// The scan checks that brackets balance and strings end; the outer structure of the log is checked fully.
/// </remarks>
public sealed class CloudTrailReader : IDisposable
{
    private const int BlockSize = JsonBlockClassifier.BlockSize;
    private const int NoField = 0;
    private const int SourceField = 1;
    private const int NameField = 2;
    private const int TimeField = 3;

    private readonly Stream _stream;
    private readonly string _source;
    private readonly int _maxRecordBytes;
    private readonly int _maxBufferSize;
    private readonly bool _leaveOpen;
    private byte[] _buffer;
    private int _pos;
    private int _end;
    private long _bufferOffset;
    private bool _eof;
    private bool _disposed;
    private ExceptionDispatchInfo? _fault;
    private (Exception Error, long Offset)? _pendingStreamFault;
    private ReaderPhase _phase;
    private JsonReaderState _jsonState;
    private bool _sawRecords;
    private bool _propertyRequired;
    private byte[] _stack = new byte[64];
    private byte[] _scratch = [];
    private int _sourceStart;
    private int _sourceLength;
    private bool _sourceEscaped;
    private int _nameStart;
    private int _nameLength;
    private bool _nameEscaped;
    private int _timeStart;
    private int _timeLength;
    private bool _timeEscaped;
    private RawRecord _current;
    private long _recordsRead;

    /// <param name="stream">Uncompressed JSON (see <see cref="LogStreams.OpenDecompressed"/>); disposed with the reader unless <paramref name="leaveOpen"/>.</param>
    /// <param name="source">The file path or s3://bucket/key, for error messages.</param>
    /// <param name="initialBufferSize">Starting buffer size; the buffer grows only for a record that does not fit.</param>
    /// <param name="maxRecordBytes">Largest record (and largest token outside Records) accepted before the log is rejected.</param>
    /// <param name="leaveOpen">Keep <paramref name="stream"/> open when the reader is disposed.</param>
    public CloudTrailReader(
        Stream stream,
        string source,
        int initialBufferSize = 64 * 1024,
        int maxRecordBytes = 64 * 1024 * 1024,
        bool leaveOpen = false)
    {
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentNullException.ThrowIfNull(source);
        ArgumentOutOfRangeException.ThrowIfLessThan(initialBufferSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRecordBytes, 2);
        _stream = stream;
        _source = source;
        _maxRecordBytes = maxRecordBytes;
        _maxBufferSize = Math.Max(maxRecordBytes, initialBufferSize);
        _leaveOpen = leaveOpen;
        _buffer = ArrayPool<byte>.Shared.Rent(initialBufferSize);
    }

    /// <summary>The record found by the last successful read; its memory is valid until the next read.</summary>
    // By reference: the record is 64 bytes and is read once per record on the hot path.
    public ref readonly RawRecord Current => ref _current;

    public long RecordsRead => _recordsRead;

    /// <summary>Uncompressed bytes of the log consumed so far (up to the end of the last record returned).</summary>
    public long BytesConsumed => _bufferOffset + _pos;

    public string Source => _source;

    /// <summary>Moves to the next record; false at the end of the log.</summary>
    /// <exception cref="CloudTrailFormatException">The log is corrupt, truncated, invalid or not a CloudTrail log.</exception>
    public bool Read()
    {
        ThrowIfUnusable();
        try
        {
            while (true)
            {
                var step = Advance();
                if (step != ReadStep.NeedMore)
                {
                    return step == ReadStep.Record;
                }

                Fill();
            }
        }
        catch (CloudTrailFormatException ex)
        {
            _fault = ExceptionDispatchInfo.Capture(ex);
            throw;
        }
    }

    /// <summary>Moves to the next record; false at the end of the log. Completes synchronously while the buffer holds the next record.</summary>
    /// <exception cref="CloudTrailFormatException">The log is corrupt, truncated, invalid or not a CloudTrail log.</exception>
    public ValueTask<bool> ReadAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            ThrowIfUnusable();
            if (cancellationToken.IsCancellationRequested)
            {
                return ValueTask.FromCanceled<bool>(cancellationToken);
            }

            var step = Advance();
            return step switch
            {
                ReadStep.Record => new ValueTask<bool>(true),
                ReadStep.End => new ValueTask<bool>(false),
                _ => ReadSlowAsync(cancellationToken),
            };
        }
        catch (CloudTrailFormatException ex)
        {
            _fault = ExceptionDispatchInfo.Capture(ex);
            return ValueTask.FromException<bool>(ex);
        }
        catch (ObjectDisposedException ex)
        {
            return ValueTask.FromException<bool>(ex);
        }
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        var buffer = _buffer;
        _buffer = [];
        _current = default;
        ArrayPool<byte>.Shared.Return(buffer);
        if (!_leaveOpen)
        {
            _stream.Dispose();
        }
    }

    private async ValueTask<bool> ReadSlowAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await FillAsync(cancellationToken).ConfigureAwait(false);
                var step = Advance();
                if (step != ReadStep.NeedMore)
                {
                    return step == ReadStep.Record;
                }
            }
        }
        catch (CloudTrailFormatException ex)
        {
            _fault = ExceptionDispatchInfo.Capture(ex);
            throw;
        }
    }

    private void ThrowIfUnusable()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        // Once the log is known to be broken, reading on could only produce garbage.
        _fault?.Throw();
    }

    private ReadStep Advance()
    {
        while (true)
        {
            switch (_phase)
            {
                case ReaderPhase.RecordsAfterItem:
                case ReaderPhase.RecordsAfterComma:
                case ReaderPhase.RecordsOpen:
                {
                    var i = SkipWhitespace(_pos);
                    _pos = i;
                    if (i == _end)
                    {
                        return NeedMore();
                    }

                    var b = _buffer[i];
                    if (_phase == ReaderPhase.RecordsAfterItem)
                    {
                        if (b == ',')
                        {
                            _phase = ReaderPhase.RecordsAfterComma;
                            _pos = i + 1;
                            continue;
                        }

                        if (b != ']')
                        {
                            throw Format(i, $"invalid JSON: expected ',' or ']' after record {_recordsRead - 1}, found {Describe(b)}");
                        }
                    }
                    else if (b == '{')
                    {
                        return ReadRecordAt(i);
                    }
                    else if (b != ']')
                    {
                        throw Format(i, $"element {_recordsRead} of Records is not an object (found {Describe(b)})");
                    }
                    else if (_phase == ReaderPhase.RecordsAfterComma)
                    {
                        throw Format(i, "invalid JSON: trailing comma at the end of Records");
                    }

                    _pos = i + 1;
                    _phase = ReaderPhase.RecordsClosed;
                    continue;
                }

                case ReaderPhase.Start:
                    if (!TryReadStart())
                    {
                        return NeedMore();
                    }

                    continue;

                case ReaderPhase.TopRoot:
                case ReaderPhase.TopProperty:
                case ReaderPhase.TopRecordsValue:
                case ReaderPhase.TopSkipValue:
                case ReaderPhase.TopSkippingNested:
                    if (!AdvanceTopLevel())
                    {
                        if (_end - _pos >= _maxRecordBytes)
                        {
                            throw Format(_pos, $"a top-level value outside Records is larger than the {_maxRecordBytes}-byte limit");
                        }

                        return NeedMore();
                    }

                    continue;

                case ReaderPhase.RecordsClosed:
                {
                    var i = SkipWhitespace(_pos);
                    _pos = i;
                    if (i == _end)
                    {
                        return NeedMore();
                    }

                    var b = _buffer[i];
                    if (b == '}')
                    {
                        _pos = i + 1;
                        _phase = ReaderPhase.AfterRoot;
                    }
                    else if (b == ',')
                    {
                        // The rest of the root object reads like an object's body; turning the comma into an opening
                        // brace lets the JSON reader check it without re-reading the Records array.
                        _buffer[i] = (byte)'{';
                        _jsonState = default;
                        _propertyRequired = true;
                        _phase = ReaderPhase.TopRoot;
                    }
                    else
                    {
                        throw Format(i, $"invalid JSON: expected ',' or '}}' after the Records array, found {Describe(b)}");
                    }

                    continue;
                }

                case ReaderPhase.AfterRoot:
                {
                    var i = SkipWhitespace(_pos);
                    if (i < _end)
                    {
                        throw Format(i, $"invalid JSON: {Describe(_buffer[i])} after the end of the log");
                    }

                    _pos = i;
                    if (!_eof)
                    {
                        return ReadStep.NeedMore;
                    }

                    _phase = ReaderPhase.Done;
                    return ReadStep.End;
                }

                default:
                    return ReadStep.End;
            }
        }
    }

    private ReadStep NeedMore()
    {
        if (!_eof)
        {
            return ReadStep.NeedMore;
        }

        var reason = _phase switch
        {
            ReaderPhase.Start => "not a CloudTrail log: the object holds no JSON",
            ReaderPhase.RecordsOpen or ReaderPhase.RecordsAfterItem or ReaderPhase.RecordsAfterComma
                => _pos < _end && _buffer[_pos] == '{'
                    ? $"truncated JSON: the log ends inside record {_recordsRead}"
                    : "truncated JSON: the log ends before the Records array is closed",
            _ => "truncated JSON: the log ends before the top-level object is closed",
        };
        throw Format(_end, reason);
    }

    private bool TryReadStart()
    {
        ReadOnlySpan<byte> bom = [0xEF, 0xBB, 0xBF];
        if (_end - _pos < bom.Length && !_eof)
        {
            return false;
        }

        if (_bufferOffset + _pos == 0 && _buffer.AsSpan(_pos, _end - _pos).StartsWith(bom))
        {
            _pos += bom.Length;
        }

        var i = SkipWhitespace(_pos);
        _pos = i;
        if (i == _end)
        {
            return false;
        }

        if (_buffer[i] != '{')
        {
            throw Format(i, $"not a CloudTrail log: the top-level value is not an object (found {Describe(_buffer[i])})");
        }

        _phase = ReaderPhase.TopRoot;
        return true;
    }

    // The outer structure is small and rare, so it gets the full JSON reader; only the Records array is scanned.
    private bool AdvanceTopLevel()
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(_pos, _end - _pos), isFinalBlock: false, _jsonState);
        try
        {
            while (_phase is >= ReaderPhase.TopRoot and <= ReaderPhase.TopSkippingNested && reader.Read())
            {
                switch (_phase)
                {
                    case ReaderPhase.TopRoot:
                        _phase = ReaderPhase.TopProperty;
                        break;

                    case ReaderPhase.TopProperty when reader.TokenType == JsonTokenType.PropertyName:
                        if (reader.ValueTextEquals("Records"u8))
                        {
                            if (_sawRecords)
                            {
                                throw Format(_pos + (int)reader.TokenStartIndex, "not a CloudTrail log: more than one top-level Records key");
                            }

                            _phase = ReaderPhase.TopRecordsValue;
                        }
                        else
                        {
                            _phase = ReaderPhase.TopSkipValue;
                        }

                        _propertyRequired = false;
                        break;

                    case ReaderPhase.TopProperty:
                        if (_propertyRequired)
                        {
                            throw Format(_pos + (int)reader.TokenStartIndex, "invalid JSON: trailing comma after the Records array");
                        }

                        if (!_sawRecords)
                        {
                            throw Format(_pos + (int)reader.TokenStartIndex, "not a CloudTrail log: no top-level Records array");
                        }

                        _phase = ReaderPhase.AfterRoot;
                        break;

                    case ReaderPhase.TopRecordsValue:
                        if (reader.TokenType != JsonTokenType.StartArray)
                        {
                            throw Format(_pos + (int)reader.TokenStartIndex, $"not a CloudTrail log: Records is not an array (found {reader.TokenType})");
                        }

                        _sawRecords = true;
                        _phase = ReaderPhase.RecordsOpen;
                        break;

                    case ReaderPhase.TopSkipValue:
                        _phase = reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray
                            ? ReaderPhase.TopSkippingNested
                            : ReaderPhase.TopProperty;
                        break;

                    default:
                        if (reader.TokenType is JsonTokenType.EndObject or JsonTokenType.EndArray && reader.CurrentDepth == 1)
                        {
                            _phase = ReaderPhase.TopProperty;
                        }

                        break;
                }
            }
        }
        catch (JsonException ex)
        {
            throw Format(_pos + (int)reader.BytesConsumed, $"invalid JSON: {ex.Message}", ex);
        }

        _pos += (int)reader.BytesConsumed;
        _jsonState = reader.CurrentState;
        return _phase is not (>= ReaderPhase.TopRoot and <= ReaderPhase.TopSkippingNested);
    }

    private ReadStep ReadRecordAt(int start)
    {
        var end = ScanRecord(start);
        if (end < 0)
        {
            if (_end - start >= _maxRecordBytes)
            {
                throw Format(start, $"record {_recordsRead} is larger than the {_maxRecordBytes}-byte limit");
            }

            return NeedMore();
        }

        if (end - start > _maxRecordBytes)
        {
            throw Format(start, $"record {_recordsRead} is larger than the {_maxRecordBytes}-byte limit");
        }

        var scratchNeeded = (_sourceEscaped ? _sourceLength : 0) + (_nameEscaped ? _nameLength : 0) + (_timeEscaped ? _timeLength : 0);
        if (_scratch.Length < scratchNeeded)
        {
            _scratch = new byte[Math.Max(scratchNeeded, 256)];
        }

        var scratchUsed = 0;
        var eventSource = FieldValue(_sourceStart, _sourceLength, _sourceEscaped, ref scratchUsed);
        var eventName = FieldValue(_nameStart, _nameLength, _nameEscaped, ref scratchUsed);
        var eventTime = FieldValue(_timeStart, _timeLength, _timeEscaped, ref scratchUsed);
        _current = new RawRecord(new ReadOnlyMemory<byte>(_buffer, start, end - start), eventSource, eventName, eventTime, _recordsRead, _bufferOffset + start);
        _recordsRead++;
        _pos = end;
        _phase = ReaderPhase.RecordsAfterItem;
        return ReadStep.Record;
    }

    /// <summary>Finds the end of the record starting at <paramref name="start"/> and notes its top-level eventSource/eventName.</summary>
    /// <returns>The index just past the record's closing brace, or -1 when the buffer ends first.</returns>
    private int ScanRecord(int start)
    {
        _sourceLength = _nameLength = _timeLength = 0;
        _sourceEscaped = _nameEscaped = _timeEscaped = false;
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

                if (depth == 0)
                {
                    return index + 1;
                }
            }
        }

        return -1;
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

    /// <summary>Looks at a string directly inside the record: if it is the key eventSource or eventName, notes its value.</summary>
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
            return true;
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
        if (field == SourceField)
        {
            (_sourceStart, _sourceLength, _sourceEscaped) = (valueStart, valueLength, valueEscaped);
        }
        else if (field == NameField)
        {
            (_nameStart, _nameLength, _nameEscaped) = (valueStart, valueLength, valueEscaped);
        }
        else
        {
            (_timeStart, _timeLength, _timeEscaped) = (valueStart, valueLength, valueEscaped);
        }

        return true;
    }

    private int MatchEscapedKey(int quote, int close)
    {
        var reader = new Utf8JsonReader(_buffer.AsSpan(quote, close + 1 - quote));
        try
        {
            reader.Read();
        }
        catch (JsonException ex)
        {
            throw Format(quote, $"invalid JSON: bad escape in a property name of record {_recordsRead}", ex);
        }

        return reader.ValueTextEquals("eventSource"u8) ? SourceField
            : reader.ValueTextEquals("eventName"u8) ? NameField
            : reader.ValueTextEquals("eventTime"u8) ? TimeField
            : NoField;
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

    private ReadOnlyMemory<byte> FieldValue(int start, int length, bool escaped, ref int scratchUsed)
    {
        if (!escaped)
        {
            return new ReadOnlyMemory<byte>(_buffer, start, length);
        }

        var reader = new Utf8JsonReader(_buffer.AsSpan(start - 1, length + 2));
        int written;
        try
        {
            reader.Read();
            written = reader.CopyString(_scratch.AsSpan(scratchUsed));
        }
        catch (JsonException ex)
        {
            throw Format(start, $"invalid JSON: bad escape in eventSource, eventName or eventTime of record {_recordsRead}", ex);
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

    private void Fill()
    {
        ThrowPendingStreamFault();
        MakeRoom();
        var start = _end;
        try
        {
            while (_end < _buffer.Length)
            {
                var read = _stream.Read(_buffer, _end, _buffer.Length - _end);
                if (read == 0)
                {
                    _eof = true;
                    return;
                }

                _end += read;
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            StreamFaulted(start, ex);
        }
    }

    private async ValueTask FillAsync(CancellationToken cancellationToken)
    {
        ThrowPendingStreamFault();
        MakeRoom();
        var start = _end;
        try
        {
            while (_end < _buffer.Length)
            {
                var read = await _stream.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    _eof = true;
                    return;
                }

                _end += read;
            }
        }
        catch (Exception ex) when (ex is IOException or InvalidDataException)
        {
            StreamFaulted(start, ex);
        }
    }

    /// <summary>
    /// A fault of the underlying stream is raised only once the complete records before it were handed out:
    /// when this fill brought new bytes, they are scanned first and the fault surfaces at the next fill.
    /// </summary>
    private void StreamFaulted(int fillStart, Exception ex)
    {
        if (_end > fillStart)
        {
            _pendingStreamFault = (ex, _bufferOffset + _end);
            return;
        }

        throw StreamFault(ex, _bufferOffset + _end);
    }

    // Built when thrown, so the record index names the record the fault actually cut.
    private CloudTrailFormatException StreamFault(Exception ex, long offset) => new(
        _source,
        offset,
        _recordsRead,
        ex is InvalidDataException ? $"corrupt compressed data: {ex.Message}" : $"the object could not be read: {ex.Message}",
        ex);

    private void ThrowPendingStreamFault()
    {
        if (_pendingStreamFault is { } fault)
        {
            _pendingStreamFault = null;
            throw StreamFault(fault.Error, fault.Offset);
        }
    }

    /// <summary>Moves the unconsumed bytes to the front, growing the buffer when they fill more than half of it.</summary>
    private void MakeRoom()
    {
        var length = _end - _pos;
        // Growing at half full (not only when full) keeps the rescans of a record that straddles refills geometric.
        if (length > _buffer.Length / 2 && _buffer.Length < _maxBufferSize)
        {
            var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)_buffer.Length * 2, _maxBufferSize));
            _buffer.AsSpan(_pos, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(_buffer);
            _buffer = larger;
        }
        else if (_pos > 0 && length > 0)
        {
            _buffer.AsSpan(_pos, length).CopyTo(_buffer);
        }

        _bufferOffset += _pos;
        _pos = 0;
        _end = length;
        if (_end == _buffer.Length)
        {
            throw new InvalidOperationException("The read buffer is full and cannot grow; the size limits were not enforced.");
        }
    }

    private CloudTrailFormatException Format(int index, string reason, Exception? inner = null)
        => new(_source, _bufferOffset + index, _recordsRead, reason, inner);

    private static string Describe(byte b)
        => b is >= 0x21 and < 0x7F ? $"'{(char)b}'" : $"byte 0x{b:X2}";
}
