using System.Net;
using Amazon.S3;
using Amazon.S3.Model;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Polly;
using TrailWatcher.Pipeline;
using TrailWatcher.Telemetry;

namespace TrailWatcher.Sources.S3;

/// <summary>Opens S3 objects as streams for the pipeline, retrying throttling, 5xx and network faults with back-off and jitter.</summary>
/// <remarks>
/// A body that breaks off or stalls midway is continued from the byte it stopped at (<see cref="ResumingObjectStream"/>),
/// never restarted from the first byte: records already read may have raised alerts, and reading them twice would
/// repeat those alerts.
/// </remarks>
internal sealed partial class S3ObjectOpener
{
    private readonly IAmazonS3 _s3;
    private readonly S3Options _options;
    private BucketAllowList? _allowed;
    private readonly ResiliencePipeline _retry;

    private readonly TrailWatcherMetrics _metrics;
    private readonly ILogger<S3ObjectOpener> _logger;

    public S3ObjectOpener(IAmazonS3 s3, IOptions<S3Options> options, TrailWatcherMetrics metrics, TimeProvider time, ILogger<S3ObjectOpener> logger)
    {
        _s3 = s3;
        _options = options.Value;
        _metrics = metrics;
        _logger = logger;
        var retry = S3Retries.Strategy(_options, maxDelay: TimeSpan.FromSeconds(30));
        retry.OnRetry = args =>
        {
            Retries++;
            metrics.S3Retry();
            LogRetry(logger, args.Outcome.Exception, args.AttemptNumber + 1, args.RetryDelay.TotalMilliseconds);
            return ValueTask.CompletedTask;
        };
        _retry = new ResiliencePipelineBuilder { TimeProvider = time }.AddRetry(retry).Build();
    }

    /// <summary>GetObject calls retried so far.</summary>
    public long Retries { get; private set; }

    /// <summary>Bodies continued with a ranged GET so far.</summary>
    public long Resumptions { get; private set; }

    public LogObject Describe(S3ObjectReference reference) => new(
        reference.ToString(),
        ct => OpenAsync(reference, ct),
        ReadsSynchronously: false,
        Timeout: TimeSpan.FromSeconds(_options.ObjectTimeoutSeconds));

    /// <summary>The buckets and prefixes notifications may name (<c>TrailWatcher:S3:AllowedBuckets</c>).</summary>
    public BucketAllowList AllowedBuckets => _allowed ??= BucketAllowList.From(_options.AllowedBuckets);

    /// <summary>True for keys the configured prefixes let through.</summary>
    public bool IsIncluded(string key) =>
        (_options.IncludePrefixes.Count == 0 || _options.IncludePrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal)))
        && !_options.ExcludePrefixes.Any(p => key.StartsWith(p, StringComparison.Ordinal));

    private async ValueTask<Stream> OpenAsync(S3ObjectReference reference, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest
        {
            BucketName = reference.Bucket,
            Key = reference.Key,
            ExpectedBucketOwner = string.IsNullOrEmpty(_options.ExpectedBucketOwner) ? null : _options.ExpectedBucketOwner,
        };
        try
        {
            var response = await GetAsync(request, cancellationToken).ConfigureAwait(false);
            return new ResumingObjectStream(
                reference.ToString(),
                response,
                _options.MaxResumptions,
                TimeSpan.FromSeconds(_options.ReadStallSeconds),
                (offset, etag, ct) => ResumeAsync(reference, request, offset, response.ContentLength, etag, ct),
                (offset, fault) =>
                {
                    Resumptions++;
                    _metrics.S3Resumption();
                    LogResumption(_logger, reference.ToString(), offset, fault.Message);
                });
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.NotFound)
        {
            throw new FileNotFoundException($"{reference}: no such object ({ex.ErrorCode})", reference.ToString(), ex);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.Forbidden)
        {
            throw new UnauthorizedAccessException($"{reference}: access denied ({ex.ErrorCode}); check s3:GetObject, kms:Decrypt and the expected bucket owner", ex);
        }
    }

    private Task<GetObjectResponse> GetAsync(GetObjectRequest request, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync(async ct => await _s3.GetObjectAsync(request, ct).ConfigureAwait(false), cancellationToken).AsTask();

    private async Task<GetObjectResponse> ResumeAsync(S3ObjectReference reference, GetObjectRequest first, long offset, long length, string etag, CancellationToken cancellationToken)
    {
        var request = new GetObjectRequest
        {
            BucketName = first.BucketName,
            Key = first.Key,
            ExpectedBucketOwner = first.ExpectedBucketOwner,
            ByteRange = new ByteRange(offset, length - 1),
            EtagToMatch = etag,
        };
        try
        {
            return await GetAsync(request, cancellationToken).ConfigureAwait(false);
        }
        catch (AmazonS3Exception ex) when (ex.StatusCode == HttpStatusCode.PreconditionFailed)
        {
            // The message comes back and the new version is read from its start, as any object is.
            throw new InvalidDataException($"{reference}: the object changed while it was being read (ETag {etag} no longer matches); not splicing two versions", ex);
        }
    }

    internal static bool IsTransient(Exception exception) => exception switch
    {
        AmazonS3Exception s3 => (int)s3.StatusCode >= 500
            || s3.StatusCode == HttpStatusCode.TooManyRequests
            || s3.StatusCode == HttpStatusCode.RequestTimeout
            || s3.ErrorCode is "SlowDown" or "Throttling" or "RequestTimeout" or "RequestTimeTooSkewed",
        Amazon.Runtime.AmazonServiceException { StatusCode: >= HttpStatusCode.InternalServerError } => true,
        HttpRequestException or IOException or TimeoutException => true,
        // The SDK's own HTTP timeout surfaces as a cancellation that nobody asked for.
        TaskCanceledException { InnerException: TimeoutException } => true,
        _ => false,
    };

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Object}: the body broke off at byte {Offset}; resuming there with a ranged GET ({Fault})")]
    private static partial void LogResumption(ILogger logger, string @object, long offset, string fault);

    [LoggerMessage(Level = LogLevel.Warning, Message = "S3 GetObject failed; retry {Attempt} in {DelayMs:F0} ms")]
    private static partial void LogRetry(ILogger logger, Exception? exception, int attempt, double delayMs);
}
