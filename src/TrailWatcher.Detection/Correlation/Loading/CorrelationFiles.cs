namespace TrailWatcher.Detection.Correlation.Loading;

/// <summary>Tells, from a file's text alone, whether it is a correlation file: a top-level <c>correlation</c> key, or more than one YAML document.</summary>
internal static class CorrelationFiles
{
    public static bool Recognise(string yaml)
    {
        // Most files hold neither the key nor a document marker anywhere: two vectorised searches settle them without
        // walking their lines.
        if (!yaml.Contains("correlation:", StringComparison.Ordinal) && !yaml.Contains("---", StringComparison.Ordinal))
        {
            return false;
        }

        var content = false;
        foreach (var range in yaml.AsSpan().Split('\n'))
        {
            var line = yaml.AsSpan()[range].TrimEnd('\r');
            if (line.StartsWith("correlation:", StringComparison.Ordinal))
            {
                return true;
            }

            // A document marker after content starts a second document; one before any content opens the first.
            if (line.StartsWith("---", StringComparison.Ordinal) && (line.Length == 3 || line[3] is ' ' or '\t' or '#'))
            {
                if (content)
                {
                    return true;
                }

                continue;
            }

            if (!line.IsEmpty && line[0] != '#' && !line.IsWhiteSpace())
            {
                content = true;
            }
        }

        return false;
    }
}
