using System.Text;
using System.Text.Json;
using TrailWatcher.Detection.Evaluation;
using TrailWatcher.Detection.Tests.TestSupport;

namespace TrailWatcher.Detection.Tests.Evaluation;

public sealed class RuleIndexTests
{
    private static readonly Rule PutLogging = TestRules.FromCondition(
        """
        all:
          - field: eventSource
            equals: s3.amazonaws.com
          - field: eventName
            equals: PutBucketLogging
        """,
        id: "R.PutLogging");

    private static readonly Rule AnyS3Delete = TestRules.FromCondition(
        """
        all:
          - field: eventSource
            equals: s3.amazonaws.com
          - field: eventName
            one_of: [DeleteBucket, DeleteBucketPolicy]
        """,
        id: "R.Delete");

    private static readonly Rule NameOnly = TestRules.FromCondition("field: eventName\nequals: ConsoleLogin", id: "R.Login");

    private static readonly Rule InsensitiveName = TestRules.FromCondition(
        "field: eventName\nequals: stoplogging\ncase_insensitive: true",
        id: "R.StopLogging");

    private static readonly Rule Wildcard = TestRules.FromCondition("field: errorCode\nequals: AccessDenied", id: "R.Wildcard");

    private static readonly Rule SourceOnly = TestRules.FromCondition("field: eventSource\nequals: kms.amazonaws.com", id: "R.Kms");

    [Fact]
    public void Candidates_KnownNameAndSource_ReturnsThoseRules()
    {
        var index = new RuleIndex([PutLogging, AnyS3Delete, NameOnly]);

        Assert.Equal([PutLogging], index.Candidates("s3.amazonaws.com", "PutBucketLogging").ToArray());
        Assert.Equal([AnyS3Delete], index.Candidates("s3.amazonaws.com", "DeleteBucketPolicy").ToArray());
        Assert.Equal([NameOnly], index.Candidates("signin.amazonaws.com", "ConsoleLogin").ToArray());
    }

    [Fact]
    public void Candidates_PastTheCacheBound_StillTheIndexAnswer()
    {
        var index = new RuleIndex([PutLogging, InsensitiveName, Wildcard]);

        // A log that invents tens of thousands of names fills the cache; every answer stays the index's own.
        for (var i = 0; i < 20_000; i++)
        {
            Assert.Equal([Wildcard], index.Candidates("s3.amazonaws.com", $"Invented{i}").ToArray());
        }

        Assert.Equal([PutLogging, Wildcard], index.Candidates("s3.amazonaws.com", "PutBucketLogging").ToArray());
        Assert.Equal([PutLogging, Wildcard], index.Candidates("S3.AMAZONAWS.COM", "putbucketlogging").ToArray());
        Assert.Equal([InsensitiveName, Wildcard], index.Candidates("cloudtrail.amazonaws.com", "StopLogging").ToArray());
        Assert.Equal([Wildcard], index.Candidates("ec2.amazonaws.com", "PutBucketLogging").ToArray());
    }

    [Fact]
    public void Candidates_SameBytesAgain_SameAnswerAsFirstTime()
    {
        var index = new RuleIndex([PutLogging, AnyS3Delete, Wildcard]);
        var first = index.Candidates("s3.amazonaws.com", "DeleteBucket").ToArray();

        Assert.Equal([AnyS3Delete, Wildcard], first);
        Assert.Equal(first, index.Candidates("s3.amazonaws.com", "DeleteBucket").ToArray());
        // The source and name are told apart, not run together: "s3.amazonaws.comD" + "eleteBucket" is another pair.
        Assert.Equal([Wildcard], index.Candidates("s3.amazonaws.comD", "eleteBucket").ToArray());
    }

    [Fact]
    public void Candidates_WrongSource_ReturnsNothing()
    {
        var index = new RuleIndex([PutLogging]);

        Assert.True(index.Candidates("ec2.amazonaws.com", "PutBucketLogging").IsEmpty);
        Assert.True(index.Candidates("", "PutBucketLogging").IsEmpty);
    }

    [Fact]
    public void Candidates_UnknownName_ReturnsOnlyWildcards()
    {
        var index = new RuleIndex([PutLogging, Wildcard, SourceOnly]);

        Assert.True(index.HasWildcardRules);
        Assert.Equal([Wildcard], index.Candidates("s3.amazonaws.com", "GetObject").ToArray());
        Assert.Equal([Wildcard, SourceOnly], index.Candidates("kms.amazonaws.com", "Decrypt").ToArray());
        Assert.Equal([PutLogging, Wildcard], index.Candidates("s3.amazonaws.com", "PutBucketLogging").ToArray());
    }

    [Fact]
    public void Candidates_NamedAndWildcardRules_InTheOrderGivenAndEachOnce()
    {
        // One rule naming the same event in two cases (a case-insensitive index key) is still one candidate.
        var twice = TestRules.FromCondition("field: eventName\none_of: [StopLogging, STOPLOGGING]", id: "R.Twice");
        var index = new RuleIndex([Wildcard, twice, InsensitiveName, SourceOnly]);

        Assert.Equal([Wildcard, twice, InsensitiveName], index.Candidates("cloudtrail.amazonaws.com", "StopLogging").ToArray());
        Assert.Equal([Wildcard, InsensitiveName, SourceOnly], index.Candidates("kms.amazonaws.com", "stoplogging").ToArray());
    }

    [Fact]
    public void HasWildcardRules_AllRulesNamed_IsFalse()
    {
        Assert.False(new RuleIndex([PutLogging, NameOnly]).HasWildcardRules);
    }

    [Theory]
    [InlineData("StopLogging")]
    [InlineData("stoplogging")]
    [InlineData("STOPLOGGING")]
    public void Candidates_CaseInsensitiveRule_IndexedIgnoringCase(string name)
    {
        var index = new RuleIndex([InsensitiveName]);

        Assert.Equal([InsensitiveName], index.Candidates("cloudtrail.amazonaws.com", name).ToArray());
    }

    [Fact]
    public void Candidates_AnyOfNamedBranches_IndexesTheUnion()
    {
        var rule = TestRules.FromCondition(
            """
            any:
              - field: eventName
                equals: A
              - all:
                  - field: eventName
                    one_of: [B, C]
                  - field: x
                    exists: true
            """);
        var index = new RuleIndex([rule]);

        Assert.False(index.HasWildcardRules);
        Assert.Equal([rule], index.Candidates("", "C").ToArray());
        Assert.True(index.Candidates("", "D").IsEmpty);
    }

    [Theory]
    [InlineData("not:\n  field: eventName\n  equals: A")]
    [InlineData("field: eventName\nnot_equals: A")]
    [InlineData("field: eventName\nstarts_with: Put")]
    [InlineData("any:\n  - field: eventName\n    equals: A\n  - field: x\n    exists: true")]
    [InlineData("field: detail.eventName\nequals: A")]
    public void Candidates_UnindexableCondition_IsWildcard(string condition)
    {
        var index = new RuleIndex([TestRules.FromCondition(condition)]);

        Assert.True(index.HasWildcardRules);
    }

    [Fact]
    public void Candidates_NonAsciiAndLongNames_DoNotThrow()
    {
        var index = new RuleIndex([PutLogging]);

        Assert.True(index.Candidates(Encoding.UTF8.GetBytes("s3.amazonaws.com"), Encoding.UTF8.GetBytes("Pút")).IsEmpty);
        Assert.True(index.Candidates(new byte[1000], new byte[5000]).IsEmpty);
    }

    [Fact]
    public void Candidates_MissPath_AllocatesNothing()
    {
        var index = new RuleIndex([PutLogging, AnyS3Delete, NameOnly, InsensitiveName]);
        var source = "ec2.amazonaws.com"u8.ToArray();
        var name = "DescribeInstances"u8.ToArray();
        var hitSource = "s3.amazonaws.com"u8.ToArray();
        var hitName = "PutBucketLogging"u8.ToArray();
        var found = 0;
        for (var i = 0; i < 100; i++)
        {
            found += index.Candidates(source, name).Length + index.Candidates(hitSource, hitName).Length;
        }

        // The runtime may allocate on this thread while it recompiles the loop it is running; a lookup that allocates
        // would show in every round, so the quietest round must be zero.
        var fewest = long.MaxValue;
        for (var round = 0; round < 3; round++)
        {
            var before = GC.GetAllocatedBytesForCurrentThread();
            for (var i = 0; i < 100_000; i++)
            {
                found += index.Candidates(source, name).Length;
                found += index.Candidates(hitSource, hitName).Length;
            }

            fewest = Math.Min(fewest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, fewest);
        Assert.Equal(300_100, found);
    }

    [Fact]
    public void Candidates_RandomRecords_NeverDropAMatchingRule()
    {
        var rules = new[]
        {
            PutLogging, AnyS3Delete, NameOnly, InsensitiveName, Wildcard, SourceOnly,
            TestRules.FromCondition("field: eventName\none_of: [PutBucketLogging, Decrypt]\ncase_insensitive: true", id: "R.Mixed"),
            TestRules.FromCondition("all:\n  - field: eventSource\n    ends_with: amazonaws.com\n  - field: eventName\n    equals: Decrypt", id: "R.Decrypt"),
            TestRules.FromCondition("any:\n  - field: eventName\n    equals: ConsoleLogin\n  - field: eventName\n    equals: GetObject", id: "R.AnyNames"),
            TestRules.FromCondition("all:\n  - field: eventSource\n    one_of: [s3.amazonaws.com, KMS.amazonaws.com]\n    case_insensitive: true\n  - field: errorCode\n    exists: true", id: "R.SourceSet"),
        };
        var index = new RuleIndex(rules);
        string[] names = ["PutBucketLogging", "putbucketlogging", "DeleteBucket", "DeleteBucketPolicy", "ConsoleLogin", "StopLogging", "STOPLOGGING", "Decrypt", "GetObject", "Other", ""];
        string[] sources = ["s3.amazonaws.com", "S3.amazonaws.com", "kms.amazonaws.com", "signin.amazonaws.com", "cloudtrail.amazonaws.com", "ec2.amazonaws.com", ""];
        var random = new Random(20240115);
        var matches = 0;
        for (var i = 0; i < 5000; i++)
        {
            var record = new Dictionary<string, object?>();
            var name = names[random.Next(names.Length)];
            var source = sources[random.Next(sources.Length)];
            if (name.Length > 0)
            {
                record["eventName"] = name;
            }

            if (source.Length > 0)
            {
                record["eventSource"] = source;
            }

            if (random.Next(3) == 0)
            {
                record["errorCode"] = random.Next(2) == 0 ? "AccessDenied" : null;
            }

            using var document = JsonDocument.Parse(JsonSerializer.Serialize(record));
            var candidates = index.Candidates(source, name).ToArray();
            foreach (var rule in rules)
            {
                if (rule.Matches(document.RootElement))
                {
                    matches++;
                    Assert.True(candidates.Contains(rule), $"{rule.Id} matches {document.RootElement} but is not a candidate");
                }
            }
        }

        Assert.True(matches > 500, $"only {matches} matches: the generator does not exercise the rules");
    }

    private static readonly Rule IamWrites = TestRules.FromCondition(
        """
        all:
          - field: eventSource
            equals: iam.amazonaws.com
          - not:
              field: eventName
              regex: "^(Get|List)"
          - field: userIdentity.type
            equals: IAMUser
        """,
        id: "R.IamWrites");

    [Fact]
    public void Candidates_RuleWithANameTest_OfferedOnlyNamesThatPassIt()
    {
        var index = new RuleIndex([IamWrites, NameOnly]);

        Assert.Equal([IamWrites], index.Candidates("iam.amazonaws.com", "CreateUser").ToArray());
        Assert.True(index.Candidates("iam.amazonaws.com", "GetUser").IsEmpty);
        Assert.True(index.Candidates("iam.amazonaws.com", "ListRoles").IsEmpty);
        // The regex is case-sensitive, so a name spelled otherwise is still offered; asked twice, answered alike.
        Assert.Equal([IamWrites], index.Candidates("iam.amazonaws.com", "getUser").ToArray());
        Assert.Equal([IamWrites], index.Candidates("iam.amazonaws.com", "getUser").ToArray());
        Assert.True(index.Candidates("iam.amazonaws.com", "GetUser").IsEmpty);
    }

    [Fact]
    public void Candidates_NameTestOnAKeyedName_FiltersTheWildcardsOfThatName()
    {
        var index = new RuleIndex([IamWrites, NameOnly]);

        // ConsoleLogin keys NameOnly; the IAM rule's own name test passes it, but its source does not.
        Assert.Equal([NameOnly], index.Candidates("signin.amazonaws.com", "ConsoleLogin").ToArray());
        Assert.Equal([IamWrites, NameOnly], index.Candidates("iam.amazonaws.com", "ConsoleLogin").ToArray());
    }

    [Fact]
    public void Candidates_MoreDistinctNamesThanKept_StillOfferEveryRuleThatCouldMatch()
    {
        var index = new RuleIndex([IamWrites]);
        Assert.True(index.Candidates("iam.amazonaws.com", "ListRoles").IsEmpty);

        // A log full of invented names fills the per-name tables; past that, names are offered without the narrowing.
        for (var i = 0; i < 9000; i++)
        {
            Assert.Equal([IamWrites], index.Candidates("iam.amazonaws.com", $"Create{i}").ToArray());
        }

        Assert.Equal([IamWrites], index.Candidates("iam.amazonaws.com", "GetOverTheLimit").ToArray());
        Assert.True(index.Candidates("iam.amazonaws.com", "ListRoles").IsEmpty);
    }
}
