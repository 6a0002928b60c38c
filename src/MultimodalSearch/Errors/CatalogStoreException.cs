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

    /// <summary>
    /// Gets a value indicating whether the same operation may succeed if retried later (a dropped connection, a
    /// server failover, a timeout, a catalog directory locked by another process), as <c>NpgsqlException.IsTransient</c>
    /// and <c>GeminiException.IsTransient</c> say for theirs. Set by the store that throws; false when it cannot tell.
    /// </summary>
    public bool IsTransient { get; init; }
}
