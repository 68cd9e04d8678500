using System.Text;
using System.Text.Json;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Rules.Conditions;
using TrailWatcher.Detection.Rules.Files;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Evaluation;

public sealed class MatchProjectionTests
{
    private const string Event = """{"eventID":"e-1","eventName":"DeleteTrail","eventSource":"cloudtrail.amazonaws.com","eventTime":"2024-01-15T10:45:23Z","userIdentity":{"type":"IAMUser","arn":"arn:aws:iam::111122223333:user/alice"},"requestParameters":{"name":"main","count":3,"tags":{"a":"b"}},"responseElements":null}""";

    [Fact]
    public void Read_GivesStringsAsTextOtherValuesAsJsonAndNullForMissingOrNull()
    {
        var arn = FieldPath.Parse("userIdentity.arn");
        var count = FieldPath.Parse("requestParameters.count");
        var tags = FieldPath.Parse("requestParameters.tags");
        var response = FieldPath.Parse("responseElements");
        var missing = FieldPath.Parse("requestParameters.bucketName");
        var projection = new MatchProjection([arn, count, tags, response, missing]);
        using var document = JsonDocument.Parse(Event);

        var fields = projection.Read(document.RootElement);

        Assert.Equal("arn:aws:iam::111122223333:user/alice", fields.Get(arn));
        Assert.Equal("3", fields.Get(count));
        Assert.Equal("""{"a":"b"}""", fields.Get(tags));
        Assert.Null(fields.Get(response));
        Assert.Null(fields.Get(missing));
    }

    [Fact]
    public void Read_OutlivesTheParsedRecord()
    {
        var arn = FieldPath.Parse("userIdentity.arn");
        ProjectedFields fields;
        using (var document = JsonDocument.Parse(Event))
        {
            fields = new MatchProjection([arn]).Read(document.RootElement);
        }

        Assert.Equal("arn:aws:iam::111122223333:user/alice", fields.Get(arn));
    }

    [Fact]
    public void Constructor_PathGivenTwice_IsReadOnce()
    {
        var arn = FieldPath.Parse("userIdentity.arn");

        Assert.Single(new MatchProjection([arn, arn]).Paths);
    }

    [Fact]
    public void Get_PathNotProjected_Throws()
    {
        using var document = JsonDocument.Parse(Event);
        var fields = new MatchProjection([FieldPath.Parse("userIdentity.arn")]).Read(document.RootElement);

        // Another object with the same text is still not one of the projection's paths: consumers ask with their own.
        Assert.Throws<ArgumentException>(() => fields.Get(FieldPath.Parse("userIdentity.arn")));
    }

    [Fact]
    public void Evaluate_ProjectedRule_CarriesItsFieldsAndOtherRulesCarryNone()
    {
        var projected = RuleLoader.LoadTexts([("p.yml", TestRules.Yaml("field: eventName\nequals: DeleteTrail", id: "Projected.Rule", extra: "dedup: {key: \"{eventName}\", period: 1h}"))]).Rules.Single();
        var plain = RuleLoader.LoadTexts([("q.yml", TestRules.Yaml("field: eventName\nequals: DeleteTrail", id: "Plain.Rule"))]).Rules.Single();
        var arn = FieldPath.Parse("userIdentity.arn");
        var evaluator = new RecordEvaluator([projected, plain]) { Projections = new Dictionary<string, MatchProjection> { ["Projected.Rule"] = new([arn]) } };
        var matches = new List<RuleMatch>();

        evaluator.Evaluate(Encoding.UTF8.GetBytes(Event), evaluator.Index.Rules.ToArray(), "f.json", 0, DateTimeOffset.UnixEpoch, matches);

        Assert.Equal("arn:aws:iam::111122223333:user/alice", matches.Single(m => m.Rule.Id == "Projected.Rule").Projected!.Get(arn));
        Assert.Null(matches.Single(m => m.Rule.Id == "Plain.Rule").Projected);
    }
}
