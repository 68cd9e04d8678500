using System.Text;

namespace TrailWatcher.Detection.Integrity;

/// <summary>Checks a digest's signature (hex, from its <c>x-amz-meta-signature</c>) against the public key its fingerprint names.</summary>
public static class DigestSignature
{
    /// <summary>Null when the signature verifies; otherwise what is wrong.</summary>
    /// <param name="digest">The parsed digest.</param>
    /// <param name="signatureHex">The hex signature stored with the digest object; null when the object carries none.</param>
    /// <param name="keys">The trusted public keys.</param>
    public static IntegrityFinding? Verify(DigestFile digest, string? signatureHex, TrailPublicKeySet keys)
    {
        ArgumentNullException.ThrowIfNull(digest);
        ArgumentNullException.ThrowIfNull(keys);
        var key = keys.Find(digest.PublicKeyFingerprint);
        if (key is null)
        {
            return new IntegrityFinding(IntegrityFindingKind.UnknownPublicKey, digest.Location, $"signed with key {digest.PublicKeyFingerprint}, which is not in the public key file (list the keys for this digest's time and region)");
        }

        if (string.IsNullOrWhiteSpace(signatureHex))
        {
            return new IntegrityFinding(IntegrityFindingKind.SignatureInvalid, digest.Location, "the object carries no x-amz-meta-signature");
        }

        byte[] signature;
        try
        {
            signature = Convert.FromHexString(signatureHex.Trim());
        }
        catch (FormatException)
        {
            return new IntegrityFinding(IntegrityFindingKind.SignatureInvalid, digest.Location, "x-amz-meta-signature is not hex");
        }

        return key.Verifies(Encoding.UTF8.GetBytes(DigestSigningString.Build(digest)), signature)
            ? null
            : new IntegrityFinding(IntegrityFindingKind.SignatureInvalid, digest.Location, $"the signature does not verify with key {key.Fingerprint}: the digest or its signature was changed");
    }
}
