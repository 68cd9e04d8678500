using TrailWatcher.Detection.Integrity;

namespace TrailWatcher.Detection.Tests.Integrity;

public sealed class TrailPublicKeySetTests
{
    [Fact]
    public void Parse_CliSampleWithLowerCaseListName_FindsKeysByFingerprintInAnyCase()
    {
        using var rsa = System.Security.Cryptography.RSA.Create(2048);
        var json = $$"""{"publicKeyList":[{"ValidityStartTime":"1436317441.0","ValidityEndTime":"1438909441.0","Value":"{{Convert.ToBase64String(rsa.ExportRSAPublicKey())}}","Fingerprint":"8eba5db5bea9b640d1c96a77256fe7f2"}]}""";

        var keys = TrailPublicKeySet.Parse(json, "keys.json");

        Assert.Equal(1, keys.Count);
        Assert.NotNull(keys.Find("8EBA5DB5BEA9B640D1C96A77256FE7F2"));
        Assert.Null(keys.Find("31e8b5433410dfb61a9dc45cc65b22ff"));
    }

    [Theory]
    [InlineData("not json", "keys.json: not valid JSON")]
    [InlineData("""{"Keys":[]}""", "keys.json: no PublicKeyList array")]
    [InlineData("""{"PublicKeyList":[{"Value":"AAAA"}]}""", "keys.json: PublicKeyList[0]: Fingerprint missing")]
    [InlineData("""{"PublicKeyList":[{"Value":"!!","Fingerprint":"ab"}]}""", "keys.json: PublicKeyList[0]: Value is not base64")]
    [InlineData("""{"PublicKeyList":[{"Value":"AAAA","Fingerprint":"ab"}]}""", "keys.json: PublicKeyList[0]: Value is not an RSA public key")]
    public void Parse_BadKeyFile_SaysWhatIsWrongWhere(string json, string expected)
    {
        var error = Assert.Throws<FormatException>(() => TrailPublicKeySet.Parse(json, "keys.json"));

        Assert.StartsWith(expected, error.Message, StringComparison.Ordinal);
    }
}
