using TrailWatcher.Alerting;
using TrailWatcher.Detection.Reading;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Pipeline;

/// <summary>The reading stage: each object is opened, decompressed and scanned; only records some rule may match are copied and handed on.</summary>
internal sealed partial class DetectionPipeline
{
    private async Task ReadObjectsAsync(CancellationToken cancellationToken)
    {
        await foreach (var work in _objects.Reader.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            await ReadObjectAsync(work, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task ReadObjectAsync(ObjectWork work, CancellationToken cancellationToken)
    {
        RecordBatch? batch = null;
        long records = 0;
        long bytes = 0;
        CountingStream? counted = null;
        var newest = new NewestEventTime();
        work.StartedAt = _time.GetTimestamp();
        using var deadline = work.Object.Timeout is { } timeout ? CancellationTokenSource.CreateLinkedTokenSource(cancellationToken) : null;
        deadline?.CancelAfter(work.Object.Timeout!.Value);
        var reading = deadline?.Token ?? cancellationToken;
        try
        {
            var opened = await work.Object.OpenAsync(reading).ConfigureAwait(false);
            var readAhead = work.Object.ReadsSynchronously && ReadAheadStream.Pays(opened);
            await using var raw = counted = new CountingStream(opened);
            // Local files are sniffed synchronously too: an async read of a synchronous handle costs a thread hop per file.
            var decompressed = work.Object.ReadsSynchronously ? LogStreams.OpenDecompressed(raw) : await LogStreams.OpenDecompressedAsync(raw, reading).ConfigureAwait(false);
            if (readAhead)
            {
                decompressed = new ReadAheadStream(decompressed);
            }

            var hashing = work.Object.Hashed ? new HashingStream(decompressed) : null;
            await using var json = new DecompressionLimitStream(hashing ?? decompressed, raw, work.Object.Name, _options.MaxObjectBytes, _options.MaxCompressionRatio);
            using var reader = new CloudTrailReader(json, work.Object.Name, maxRecordBytes: _options.MaxRecordBytes);
            try
            {
                if (work.Object.ReadsSynchronously)
                {
                    while (ScanUntilBatchFull(reader, work, newest, ref batch, cancellationToken))
                    {
                        await HandOnAsync(batch!, cancellationToken).ConfigureAwait(false);
                        batch = null;
                    }
                }
                else
                {
                    while (await reader.ReadAsync(reading).ConfigureAwait(false))
                    {
                        if (Collect(reader, work, newest, ref batch) || ((reader.RecordsRead & 0x3FF) == 0 && Overdue(batch)))
                        {
                            await HandOnAsync(batch!, cancellationToken).ConfigureAwait(false);
                            batch = null;
                        }
                    }
                }

                if (hashing is not null)
                {
                    // The digest hashes the whole content: whatever follows the records (a newline) counts too.
                    await FinishHashAsync(json, hashing, work, reading).ConfigureAwait(false);
                }
            }
            finally
            {
                records = reader.RecordsRead;
                bytes = reader.BytesConsumed;
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            work.Cancel();
            throw;
        }
        catch (OperationCanceledException ex) when (deadline is { IsCancellationRequested: true })
        {
            var timedOut = new TimeoutException($"{work.Object.Name}: not read within {work.Object.Timeout!.Value.TotalSeconds:F0} s", ex);
            work.Fail(timedOut);
            LogObjectFailed(_logger, work.Object.Name, timedOut.Message);
        }
        catch (Exception ex)
        {
            if (ex is InputLimitException limit)
            {
                _metrics.LimitExceeded(limit.Limit);
            }

            work.Fail(ex);
            LogObjectFailed(_logger, work.Object.Name, ex.Message);
        }

        work.AddRead(records, bytes);
        _metrics.RecordsRead(records, counted?.BytesRead ?? 0, bytes);
        if (newest.TryGet(out var eventTime))
        {
            var (account, region) = TrailLocation.From(work.Object.Name);
            _metrics.NewestEvent(account, region, eventTime, _time.GetUtcNow());
            // A misdated record (years ahead) must not become the newest time that closes correlation windows.
            if (eventTime <= _time.GetUtcNow() + Correlator.MaxClockSkew)
            {
                _newestEventTicks.AddOrUpdate(account, eventTime.UtcTicks, (_, seen) => Math.Max(seen, eventTime.UtcTicks));
            }
        }

        if (batch is not null)
        {
            // Records read before a fault are still evaluated.
            await HandOnAsync(batch, cancellationToken).ConfigureAwait(false);
        }

        work.Release();
    }

    // The hot loop, free of awaits so the JIT keeps its state in registers: true when a batch is full or overdue, false at the end.
    private bool ScanUntilBatchFull(CloudTrailReader reader, ObjectWork work, NewestEventTime newest, ref RecordBatch? batch, CancellationToken cancellationToken)
    {
        while (reader.Read())
        {
            if (Collect(reader, work, newest, ref batch))
            {
                return true;
            }

            if ((reader.RecordsRead & 0x3FF) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (Overdue(batch))
                {
                    return true;
                }
            }
        }

        return false;
    }

    // The cheap rejection: only records some rule may match are copied out of the reader's buffer.
    private bool Collect(CloudTrailReader reader, ObjectWork work, NewestEventTime newest, ref RecordBatch? batch)
    {
        ref readonly var record = ref reader.Current;
        if ((record.Traits & RecordTraits.Oversized) != 0)
        {
            // Never dropped in silence: it was not evaluated, so it becomes a signal naming the file and the record.
            _metrics.LimitExceeded("record_bytes");
            LogOversizedRecord(_logger, work.Object.Name, record.Index, record.ByteOffset, reader.OversizedRecordBytes, _options.MaxRecordBytes);
            batch ??= new RecordBatch(work, _time.GetTimestamp());
            batch.Records.Add(new CandidateRecord([], [], record.Index, reader.OversizedRecordBytes, record.ByteOffset));
            return batch.Records.Count >= _options.BatchSize;
        }

        // Logs are time-ordered, so every 64th record tracks the newest time well within the lag histogram's resolution.
        if ((record.Index & 0x3F) == 0)
        {
            newest.Note(record.EventTime.Span);
        }

        var candidates = _evaluator.Index.Candidates(record.EventSource.Span, record.EventName.Span);
        if (candidates.Length == 0 || _evaluator.Index.Admit(candidates, record.Json.Span, record.Traits, record.Identity) is not { } admitted)
        {
            return false;
        }

        batch ??= new RecordBatch(work, _time.GetTimestamp());
        batch.Records.Add(new CandidateRecord(record.Json.ToArray(), admitted, record.Index));
        batch.Bytes += record.Json.Length;
        return batch.Records.Count >= _options.BatchSize;
    }

    private static async Task FinishHashAsync(Stream json, HashingStream hashing, ObjectWork work, CancellationToken cancellationToken)
    {
        if (work.Object.ReadsSynchronously)
        {
            json.CopyTo(Stream.Null);
        }
        else
        {
            await json.CopyToAsync(Stream.Null, cancellationToken).ConfigureAwait(false);
        }

        work.Hashed(hashing.Finish());
    }

    private bool Overdue(RecordBatch? batch) =>
        batch is not null && _time.GetElapsedTime(batch.CreatedAt).TotalMilliseconds >= _options.MaxBatchDelayMilliseconds;

    private async ValueTask HandOnAsync(RecordBatch batch, CancellationToken cancellationToken)
    {
        await _candidateBytes.TakeAsync(batch.Bytes, cancellationToken).ConfigureAwait(false);
        batch.Work.Retain();
        await _records.Writer.WriteAsync(batch, cancellationToken).ConfigureAwait(false);
    }
}
