namespace MultimodalSearch;

/// <summary>
/// The embedding model cannot be loaded or run: a missing or mismatched model file, an input or output
/// of an unexpected shape, or a runtime failure. The message says what was expected.
/// </summary>
public sealed class EmbeddingModelException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="message">What went wrong and what was expected.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public EmbeddingModelException(string message, Exception? innerException = null)
        : base(message, innerException)
    {
    }
}
