using Amazon.S3.Model;

namespace TrailWatcher.Sources.S3;

/// <summary>The body of one GetObject that, when it breaks off or stalls, continues where it stopped with a ranged GET of the same version.</summary>
/// <remarks>
/// A body that fails midway used to fail the object, and the whole message came back through SQS to be read from the
/// start: on a large object and a flaky link that can go round until the dead-letter queue. Resuming reads every byte
/// once, so the reader downstream never sees a repeat or a gap; <c>If-Match</c> on the first response's ETag makes S3
/// refuse the range if the object changed meanwhile, rather than splice two versions together.
/// </remarks>
internal sealed class ResumingObjectStream : Stream
{
    private readonly string _name;
    private readonly string? _etag;
    private readonly long _length;
    private readonly TimeSpan _stall;
    private readonly Func<long, string, CancellationToken, Task<GetObjectResponse>> _resume;
    private readonly Action<long, Exception> _resumed;
    private GetObjectResponse _response;
    private Stream _body;
    private long _position;
    private int _resumptionsLeft;

    /// <param name="name">The object, for errors.</param>
    /// <param name="first">The response whose body is read first.</param>
    /// <param name="maxResumptions">How many times the body may be resumed before a fault fails the object.</param>
    /// <param name="stall">Longest wait for one read of the body; a read waiting longer counts as a broken body.</param>
    /// <param name="resume">Issues the ranged GET from an offset, conditional on an ETag.</param>
    /// <param name="resumed">Told of each resumption: the offset and the fault that caused it.</param>
    public ResumingObjectStream(
        string name,
        GetObjectResponse first,
        int maxResumptions,
        TimeSpan stall,
        Func<long, string, CancellationToken, Task<GetObjectResponse>> resume,
        Action<long, Exception> resumed)
    {
        _name = name;
        _response = first;
        _body = first.ResponseStream;
        _etag = string.IsNullOrEmpty(first.ETag) ? null : first.ETag;
        _length = first.ContentLength;
        _resumptionsLeft = maxResumptions;
        _stall = stall;
        _resume = resume;
        _resumed = resumed;
    }

    /// <summary>Times the body was resumed.</summary>
    public int Resumptions { get; private set; }

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => _length;

    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty)
        {
            return 0;
        }

        while (true)
        {
            using var stall = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            stall.CancelAfter(_stall);
            Exception fault;
            try
            {
                var read = await _body.ReadAsync(buffer, stall.Token).ConfigureAwait(false);
                if (read > 0 || _position >= _length)
                {
                    _position += read;
                    return read;
                }

                fault = new EndOfStreamException($"the body ended at byte {_position} of {_length}");
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                fault = new TimeoutException($"no byte of the body for {_stall.TotalSeconds:F0} s at byte {_position} of {_length}", ex);
            }
            catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
            {
                fault = ex;
            }

            await ResumeAsync(fault, cancellationToken).ConfigureAwait(false);
        }
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // The pipeline reads S3 objects asynchronously; a synchronous caller still gets the same resumptions.
    public override int Read(byte[] buffer, int offset, int count) =>
        ReadAsync(buffer.AsMemory(offset, count), CancellationToken.None).AsTask().GetAwaiter().GetResult();

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    public override async ValueTask DisposeAsync()
    {
        await _body.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
        await base.DisposeAsync().ConfigureAwait(false);
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _body.Dispose();
            _response.Dispose();
        }

        base.Dispose(disposing);
    }

    private async Task ResumeAsync(Exception fault, CancellationToken cancellationToken)
    {
        // Without an ETag a second GET could return another version of the key, and the bytes would not line up.
        if (_etag is null || _resumptionsLeft == 0)
        {
            var why = _etag is null ? "the response had no ETag to resume against" : $"resumed {Resumptions} times already";
            throw new IOException($"{_name}: the body failed at byte {_position} of {_length} ({why}): {fault.Message}", fault);
        }

        _resumptionsLeft--;
        Resumptions++;
        _resumed(_position, fault);
        // The broken connection goes with its response; disposing may itself fail on a reset socket.
        try
        {
            await _body.DisposeAsync().ConfigureAwait(false);
            _response.Dispose();
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException)
        {
        }

        _response = await _resume(_position, _etag, cancellationToken).ConfigureAwait(false);
        _body = _response.ResponseStream;
    }
}
