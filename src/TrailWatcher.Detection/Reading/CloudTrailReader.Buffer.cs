using System.Buffers;

namespace TrailWatcher.Detection.Reading;

public sealed partial class CloudTrailReader
{
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
