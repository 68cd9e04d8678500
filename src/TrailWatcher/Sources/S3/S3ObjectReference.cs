namespace TrailWatcher.Sources.S3;

/// <summary>A bucket and an (already decoded) object key.</summary>
internal readonly record struct S3ObjectReference(string Bucket, string Key)
{
    public override string ToString() => $"s3://{Bucket}/{Key}";
}
