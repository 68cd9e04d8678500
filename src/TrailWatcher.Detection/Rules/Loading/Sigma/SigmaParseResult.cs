using YamlDotNet.Core;

namespace TrailWatcher.Detection.Rules.Loading.Sigma;

/// <summary>What loading one Sigma file gave: a rule and where its id is written, or the reason the file was skipped.</summary>
internal sealed record SigmaParseResult(Rule? Rule, Mark IdMark, string? SkipReason);
