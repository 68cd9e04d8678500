using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Rules;

public sealed class RuleCopyTests
{
    [Fact]
    public void Rule_Copy_KeepsEveryPropertyAndTheConditionObject()
    {
        var original = TestRules.FromCondition("all:\n  - field: eventSource\n    equals: s3.amazonaws.com\n  - field: eventName\n    equals: PutBucketLogging");

        var copy = new Rule(original);

        // Reflection, so that a property added to Rule later cannot be forgotten by the copy.
        foreach (var property in typeof(Rule).GetProperties())
        {
            var kept = property.GetValue(original);
            var copied = property.GetValue(copy);
            if (kept is null || kept.GetType().IsValueType)
            {
                Assert.True(Equals(kept, copied), property.Name);
            }
            else
            {
                Assert.True(ReferenceEquals(kept, copied), property.Name);
            }
        }

        Assert.NotNull(copy.EventNames);
    }
}
