using System.Text.Json;
using TrailWatcher.Detection.Rules.Conditions;

namespace TrailWatcher.Detection.Tests.Rules.Conditions;

public sealed class FieldPathTests
{
    private const string Record = """
        {
          "eventName": "PutObject",
          "requestParameters": { "bucketName": "b1", "nested": { "deep": 5 } },
          "resources": [
            { "ARN": "arn:aws:s3:::b1", "type": "AWS::S3::Bucket" },
            { "ARN": "arn:aws:s3:::b1/key", "type": "AWS::S3::Object" },
            { "type": "AWS::KMS::Key" }
          ],
          "matrix": [[{ "v": 1 }, { "v": 2 }], [{ "v": 3 }]],
          "nothing": null
        }
        """;

    [Theory]
    [InlineData("eventName", "PutObject")]
    [InlineData("requestParameters.bucketName", "b1")]
    [InlineData("requestParameters.nested.deep", "5")]
    [InlineData("resources[1].ARN", "arn:aws:s3:::b1/key")]
    [InlineData("resources.ARN", "arn:aws:s3:::b1")]
    [InlineData("matrix[1][0].v", "3")]
    public void TryGetFirst_PresentPath_ReturnsValue(string path, string expected)
    {
        using var document = JsonDocument.Parse(Record);

        Assert.True(FieldPath.Parse(path).TryGetFirst(document.RootElement, out var value));
        Assert.Equal(expected, value.ValueKind == JsonValueKind.String ? value.GetString() : value.GetRawText());
    }

    [Theory]
    [InlineData("missing")]
    [InlineData("eventName.inner")]
    [InlineData("requestParameters.missing")]
    [InlineData("resources[9].ARN")]
    [InlineData("requestParameters[0]")]
    [InlineData("nothing.inner")]
    public void TryGetFirst_AbsentPath_ReturnsFalse(string path)
    {
        using var document = JsonDocument.Parse(Record);

        Assert.False(FieldPath.Parse(path).TryGetFirst(document.RootElement, out _));
    }

    [Fact]
    public void Resolve_ArrayWithoutIndex_YieldsEveryElementsValue()
    {
        using var document = JsonDocument.Parse(Record);

        var values = FieldPath.Parse("resources.type").Resolve(document.RootElement).Select(v => v.GetString());

        Assert.Equal(["AWS::S3::Bucket", "AWS::S3::Object", "AWS::KMS::Key"], values);
    }

    [Fact]
    public void Resolve_NestedArrays_FlattensAll()
    {
        using var document = JsonDocument.Parse(Record);

        var values = FieldPath.Parse("matrix.v").Resolve(document.RootElement).Select(v => v.GetInt32());

        Assert.Equal([1, 2, 3], values);
    }

    [Fact]
    public void Resolve_NullLeaf_YieldsTheNull()
    {
        using var document = JsonDocument.Parse(Record);

        var value = Assert.Single(FieldPath.Parse("nothing").Resolve(document.RootElement));
        Assert.Equal(JsonValueKind.Null, value.ValueKind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a..b")]
    [InlineData(".a")]
    [InlineData("a.")]
    [InlineData("a[x]")]
    [InlineData("a[-1]")]
    [InlineData("a[1")]
    [InlineData("[0]")]
    [InlineData("a]b")]
    public void Parse_MalformedPath_ThrowsFormatException(string text)
    {
        Assert.Throws<FormatException>(() => FieldPath.Parse(text));
    }

    [Fact]
    public void Text_IsTheTextParsed()
    {
        Assert.Equal("resources[0].ARN", FieldPath.Parse("resources[0].ARN").Text);
    }
}
