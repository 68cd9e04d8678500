using System.Buffers;
using System.Runtime.ExceptionServices;
using System.Text.Json;

namespace TrailWatcher.Detection.Reading;

/// <summary>Streams the records of one CloudTrail log (<c>{"Records":[…]}</c>) from uncompressed JSON, one at a time, over a pooled buffer.</summary>
/// <remarks>
/// Records are found by a structural scan (string boundaries and brackets, 64 bytes at a time), not by tokenising
/// them: most records are discarded after a look at eventSource/eventName, and whoever keeps one parses it then.
/// The scan checks that brackets balance and strings end; the outer structure of the log is checked fully.
/// </remarks>
public sealed partial class CloudTrailReader : IDisposable
{
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
    private CapturedField _eventSource;
    private CapturedField _eventName;
    private CapturedField _eventTime;
    private RecordTraits _traits;

    // Where the value of the record's top-level userIdentity stands (an object or array), how many there were, and
    // whether its end is still to come (-1).
    private int _identityStart;
    private int _identityEnd;
    private int _identities;
    private RawRecord _current;
    private long _recordsRead;

    /// <param name="stream">Uncompressed JSON (see <see cref="LogStreams.OpenDecompressed"/>); disposed with the reader unless <paramref name="leaveOpen"/>.</param>
    /// <param name="source">The file path or s3://bucket/key, for error messages.</param>
    /// <param name="initialBufferSize">Starting buffer size; the buffer grows only for a record that does not fit.</param>
    /// <param name="maxRecordBytes">
    /// Largest record handed out; a larger one is skipped without being held and returned as an empty record with
    /// <see cref="RecordTraits.Oversized"/>. Also the largest top-level value outside Records, past which the log is rejected.
    /// </param>
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

    /// <summary>Records returned so far.</summary>
    public long RecordsRead => _recordsRead;

    /// <summary>Uncompressed bytes of the log consumed so far (up to the end of the last record returned).</summary>
    public long BytesConsumed => _bufferOffset + _pos;

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
                // Inline because every record passes through here; the phases around Records run once a log.
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

                case ReaderPhase.SkippingRecord:
                    if (ContinueSkipping() is { } skipped)
                    {
                        return skipped;
                    }

                    return NeedMore();

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
                    if (!TryReadAfterRecords())
                    {
                        return NeedMore();
                    }

                    continue;

                case ReaderPhase.AfterRoot:
                    return TryReadEnd() ? ReadStep.End : ReadStep.NeedMore;

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
            ReaderPhase.SkippingRecord => $"truncated JSON: the log ends inside record {_recordsRead}, which was past the {_maxRecordBytes}-byte record limit",
            _ => "truncated JSON: the log ends before the top-level object is closed",
        };
        throw Format(_end, reason);
    }
}
