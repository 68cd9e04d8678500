using System.Security.Cryptography;

namespace TrailWatcher.Detection.Integrity;

/// <summary>One CloudTrail public key: its fingerprint and DER bytes (SubjectPublicKeyInfo, or the bare PKCS#1 key the API reference describes).</summary>
public sealed class TrailPublicKey
{
    private readonly byte[] _der;

    public TrailPublicKey(string fingerprint, byte[] der)
    {
        ArgumentNullException.ThrowIfNull(der);
        Fingerprint = fingerprint;
        _der = der;
    }

    public string Fingerprint { get; }

    /// <summary>True when <paramref name="signature"/> is an RSA PKCS#1 v1.5 SHA-256 signature of <paramref name="data"/> by this key.</summary>
    /// <exception cref="CryptographicException">The key bytes are neither form of an RSA public key.</exception>
    public bool Verifies(ReadOnlySpan<byte> data, ReadOnlySpan<byte> signature)
    {
        using var rsa = RSA.Create();
        Import(rsa);
        return rsa.VerifyData(data, signature, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
    }

    /// <summary>Throws when the bytes are not an RSA public key, so a bad key file fails at load, not at the first digest.</summary>
    internal void EnsureReadable()
    {
        using var rsa = RSA.Create();
        Import(rsa);
    }

    private void Import(RSA rsa)
    {
        // ListPublicKeys documents PKCS#1 yet its own samples show both forms; each parser rejects the other form.
        try
        {
            rsa.ImportSubjectPublicKeyInfo(_der, out _);
        }
        catch (CryptographicException)
        {
            rsa.ImportRSAPublicKey(_der, out _);
        }
    }
}
