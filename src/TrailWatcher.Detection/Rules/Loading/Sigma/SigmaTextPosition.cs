namespace TrailWatcher.Detection.Rules.Loading.Sigma;

/// <summary>Where a Sigma text value must sit within the field's text.</summary>
internal enum SigmaTextPosition
{
    Whole,
    Contains,
    StartsWith,
    EndsWith,
}
