using System.Text.Json;
using TrailWatcher.Detection.Rules.Conditions;
using TrailWatcher.Detection.Rules.Ecs;
using TrailWatcher.Detection.Rules.Loading.Eql;

namespace TrailWatcher.Fuzz.Targets;

/// <summary>An EQL query (single-event or sequence) compiled over the ECS view, then run on one record so functions and comparisons execute too.</summary>
internal sealed class EqlTarget : IFuzzTarget
{
    // Fields of each kind the ECS view derives from: strings, numbers, booleans, arrays, nested objects and null.
    private const string RecordJson = """
        {"eventVersion":"1.08","userIdentity":{"type":"IAMUser","principalId":"AIDAEXAMPLE","arn":"arn:aws:iam::111122223333:user/alice","accountId":"111122223333","userName":"alice","sessionContext":{"attributes":{"mfaAuthenticated":"false","creationDate":"2025-01-01T00:00:00Z"}}},
         "eventTime":"2025-01-01T00:00:00Z","eventSource":"iam.amazonaws.com","eventName":"CreateAccessKey","awsRegion":"us-east-1","sourceIPAddress":"203.0.113.7",
         "userAgent":"aws-cli/2.15.0","requestParameters":{"userName":"bob","tags":[{"key":"a","value":"b"}],"count":3,"flag":true,"none":null},
         "responseElements":null,"errorCode":"AccessDenied","errorMessage":"denied","eventID":"e1","readOnly":false,"eventType":"AwsApiCall","recipientAccountId":"111122223333",
         "resources":[{"ARN":"arn:aws:iam::111122223333:user/bob","type":"AWS::IAM::User"}],"tlsDetails":{"tlsVersion":"TLSv1.3"}}
        """;

    private static readonly JsonDocument Record = JsonDocument.Parse(RecordJson);

    public string Name => "eql";

    public void Run(ReadOnlySpan<byte> input)
    {
        var query = FuzzText.Decode(input);
        try
        {
            if (query.TrimStart().StartsWith("sequence", StringComparison.OrdinalIgnoreCase))
            {
                var sequence = EqlSequenceCompiler.Compile(query, Resolve, ruleId: "fuzz");
                foreach (var step in sequence.Steps)
                {
                    Evaluate(step.Condition);
                }
            }
            else
            {
                Evaluate(EqlQuery.Compile(query, Resolve, ruleId: "fuzz"));
            }
        }
        catch (EqlParseException ex) when (ex.Line > 0 && ex.Column > 0)
        {
            // Rejected as documented, with the place in the query.
        }
    }

    private static void Evaluate(Condition condition)
    {
        try
        {
            condition.Matches(new EventRecord(Record.RootElement));
        }
        catch (RuleEvaluationException)
        {
            // A regex that runs too long is reported per rule, not a crash.
        }
    }

    private static FieldReader? Resolve(string name) => CloudTrailEcsView.TryGetField(name, out var reader) ? reader : null;
}
