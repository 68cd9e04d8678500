namespace TrailWatcher.Detection.Rules.Loading.Sigma;

/// <summary>The byte encoding a value is turned into before <c>base64</c> / <c>base64offset</c>.</summary>
internal enum SigmaEncoding
{
    Utf8,
    Utf16LittleEndian,
    Utf16BigEndian,

    /// <summary>UTF-16 little-endian behind its byte-order mark (Sigma's <c>utf16</c>).</summary>
    Utf16WithBom,
}
