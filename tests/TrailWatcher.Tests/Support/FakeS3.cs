using System.Collections.Concurrent;
using System.Net;
using Amazon.Runtime;
using Amazon.S3;
using Amazon.S3.Model;

namespace TrailWatcher.Tests.Support;

/// <summary>A bucket in memory behind the SDK client's GetObject; a key it does not hold answers 404 NoSuchKey, as S3 does.</summary>
internal sealed class FakeS3() : AmazonS3Client(new AnonymousAWSCredentials(), new AmazonS3Config { ServiceURL = "http://127.0.0.1:9", ForcePathStyle = true })
{
    private readonly ConcurrentDictionary<string, Func<Stream>> _objects = new(StringComparer.Ordinal);

    public void Put(string key, byte[] body) => _objects[key] = () => new MemoryStream(body);

    /// <summary>An object whose body the test controls (a <see cref="GatedStream"/>, say).</summary>
    public void Put(string key, Stream body) => _objects[key] = () => body;

    public override Task<GetObjectResponse> GetObjectAsync(GetObjectRequest request, CancellationToken cancellationToken = default) =>
        _objects.TryGetValue(request.Key, out var open)
            ? Task.FromResult(new GetObjectResponse { BucketName = request.BucketName, Key = request.Key, ResponseStream = open() })
            : Task.FromException<GetObjectResponse>(new AmazonS3Exception("The specified key does not exist.") { StatusCode = HttpStatusCode.NotFound, ErrorCode = "NoSuchKey" });
}
