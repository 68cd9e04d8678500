using TrailWatcher.Detection.Rules.Conditions;
using TrailWatcher.Detection.Rules.Ecs;
using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Rules.Conditions;

public sealed class ConditionFieldsTests
{
    [Fact]
    public void Of_NativeCondition_ListsEachFieldOnceInOrderThroughNotAndNotions()
    {
        var rule = TestRules.FromCondition("""
            all:
              - field: eventName
                equals: X
              - is: success
              - not:
                  any:
                    - field: userIdentity.arn
                      equals_field: requestParameters.roleArn
                    - field: eventName
                      starts_with: Y
            """);

        Assert.Equal(
            ["eventName", "errorCode", "errorMessage", "responseElements.ConsoleLogin", "userIdentity.arn", "requestParameters.roleArn"],
            ConditionFields.Of(rule.Condition).Select(f => f.Text));
    }

    [Fact]
    public void Of_EqlQuery_ListsTheFieldsInsideFunctionsAndComparisons()
    {
        var rule = RuleLoader.LoadTexts([("e.yml", """
            id: Test.Eql
            title: t
            description: d
            severity: low
            language: eql
            query: |
              any where length(user_agent.original) > 3 and event.outcome == "success"
                and add(aws.cloudtrail.flattened.request_parameters.count, 1) == 5
            """)]).Rules.Single();

        var fields = ConditionFields.Of(rule.Condition);

        Assert.Equal(["userAgent", "event.outcome", "requestParameters.count"], fields.Select(f => f.Text));
        Assert.Equal(["user_agent.original", "event.outcome", "aws.cloudtrail.flattened.request_parameters.count"], fields.Select(f => CloudTrailEcsView.NameOf(f)));
    }

    [Fact]
    public void NameOf_APathNotHandedOutByTheView_IsNull()
    {
        Assert.Null(CloudTrailEcsView.NameOf(FieldPath.Parse("eventName")));
    }
}
