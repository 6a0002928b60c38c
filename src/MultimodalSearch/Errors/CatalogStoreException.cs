namespace MultimodalSearch;

/// <summary>
/// A catalog store operation failed (I/O, a corrupt file, a database error). <see cref="Operation"/>
/// names the operation; the inner exception carries the cause.
/// </summary>
public sealed class CatalogStoreException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="operation">The store operation that failed (for example <c>Search</c>).</param>
    /// <param name="message">What went wrong.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public CatalogStoreException(string operation, string message, Exception? innerException = null)
        : base($"{operation}: {message}", innerException)
    {
        Operation = operation;
    }

    /// <summary>Gets the store operation that failed.</summary>
    public string Operation { get; }
}
