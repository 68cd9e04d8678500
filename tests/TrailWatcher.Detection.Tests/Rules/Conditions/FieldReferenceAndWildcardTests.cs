using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Rules.Conditions;

public sealed class FieldReferenceAndWildcardTests
{
    private const string Record = """
        {
          "recipientAccountId": "111122223333",
          "userIdentity": { "accountId": "111122223333", "userName": "alice" },
          "requestParameters": { "userName": "bob", "keyAccount": "444455556666", "valuesToAdd": ["all", "444455556666"] },
          "resources": [ { "accountId": "111122223333" }, { "accountId": "444455556666" } ],
          "count": 5,
          "countText": "5"
        }
        """;

    [Theory]
    [InlineData("field: userIdentity.accountId\nequals_field: recipientAccountId", true)]
    [InlineData("field: requestParameters.userName\nequals_field: userIdentity.userName", false)]
    [InlineData("field: requestParameters.userName\nnot_equals_field: userIdentity.userName", true)]
    [InlineData("field: requestParameters.keyAccount\nnot_equals_field: recipientAccountId", true)]
    [InlineData("field: resources.accountId\nequals_field: requestParameters.keyAccount", true)]
    [InlineData("field: count\nequals_field: countText", true)]
    [InlineData("field: missing\nequals_field: recipientAccountId", false)]
    [InlineData("field: missing\nnot_equals_field: recipientAccountId", true)]
    public void EqualsField_ComparesTwoFieldsOfOneRecord(string condition, bool expected)
    {
        Assert.Equal(expected, TestRules.FromCondition(condition).Matches(Record));
    }

    [Fact]
    public void EqualsField_BadPath_FailsToLoad()
    {
        var error = TestRules.LoadErrors(("bad.yml", TestRules.Yaml("field: a\nequals_field: \"b..c\"")));
        Assert.Contains("bad.yml:", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("field: requestParameters.valuesToAdd\nequals: all", true)]
    [InlineData("field: requestParameters.valuesToAdd\none_of: [\"444455556666\"]", true)]
    [InlineData("field: requestParameters.valuesToAdd\nequals: none", false)]
    [InlineData("field: requestParameters.valuesToAdd\nexists: true", true)]
    public void Path_EndingOnAnArray_LooksIntoItsElements(string condition, bool expected)
    {
        Assert.Equal(expected, TestRules.FromCondition(condition).Matches(Record));
    }

    [Theory]
    [InlineData("arn:aws:iam::*:role/terraform-*", "arn:aws:iam::111122223333:role/terraform-apply", false, true)]
    [InlineData("arn:aws:iam::*:role/terraform-*", "arn:aws:iam::111122223333:role/Terraform-apply", false, false)]
    [InlineData("arn:aws:iam::*:role/terraform-*", "arn:aws:iam::111122223333:role/Terraform-apply", true, true)]
    [InlineData("i-????", "i-0a1b", false, true)]
    [InlineData("i-????", "i-0a1b2", false, false)]
    [InlineData("a\\*b", "a*b", false, true)]
    [InlineData("a\\*b", "axb", false, false)]
    [InlineData("C:\\Windows\\*", "C:\\Windows*", false, true)]
    [InlineData("C:\\Windows\\\\*", "C:\\Windows\\x", false, true)]
    [InlineData("C:\\Windows\\x", "C:\\Windows\\x", false, true)]
    [InlineData("*", "", false, true)]
    [InlineData("a**b", "ab", false, true)]
    public void Wildcard_WholeValue_StarAndQuestionMarkWithEscapes(string pattern, string value, bool ignoreCase, bool expected)
    {
        var record = System.Text.Json.JsonSerializer.Serialize(new { v = value });
        var condition = $"field: v\nwildcard: {System.Text.Json.JsonSerializer.Serialize(pattern)}\ncase_insensitive: {(ignoreCase ? "true" : "false")}";
        Assert.Equal(expected, TestRules.FromCondition(condition).Matches(record));
    }
}
