using TrailWatcher.Detection.Rules;

namespace TrailWatcher.Pipeline;

/// <summary>A record some rule may match, copied out of the reader's buffer with the rules to try on it.</summary>
internal readonly record struct CandidateRecord(byte[] Json, Rule[] Rules, long Index);
