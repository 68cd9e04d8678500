namespace TrailWatcher.Detection.Rules.Loading.Sigma;

/// <summary>A Sigma condition expression that cannot be parsed or uses what is not supported; reported at the condition's position.</summary>
internal sealed class SigmaConditionException(string message) : Exception(message)
{
    public SigmaConditionException()
        : this("invalid condition")
    {
    }

    public SigmaConditionException(string message, Exception inner)
        : this(message + ": " + inner?.Message)
    {
    }
}
