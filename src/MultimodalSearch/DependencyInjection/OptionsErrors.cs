namespace MultimodalSearch;

/// <summary>Turns an options validator's messages into the <see cref="ArgumentException"/> of a constructor that takes options directly.</summary>
internal static class OptionsErrors
{
    /// <summary>Throws when there are errors.</summary>
    /// <param name="errors">The validator's messages, each naming its configuration key.</param>
    /// <param name="paramName">The name of the options parameter.</param>
    /// <exception cref="ArgumentException">There are errors; the message lists them all.</exception>
    public static void ThrowIfAny(IEnumerable<string> errors, string paramName)
    {
        var list = errors.ToList();
        if (list.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", list), paramName);
        }
    }
}
