namespace MultimodalSearch.Postgres;

/// <summary>
/// The server stopped answering while a long statement ran (<see cref="PostgresLivenessWatch"/>), which was then cancelled;
/// a <see cref="TimeoutException"/>, so that the driver exception around it counts as transient and is not retried.
/// </summary>
internal sealed class PostgresSilenceException : TimeoutException
{
    /// <summary>Initializes a new instance of the <see cref="PostgresSilenceException"/> class.</summary>
    /// <param name="statement">What ran (for example "the HNSW index build").</param>
    /// <param name="silence">How long the server had not answered when the statement was cancelled.</param>
    /// <param name="innerException">How the cancelled statement ended.</param>
    public PostgresSilenceException(string statement, TimeSpan silence, Exception? innerException)
        : base($"PostgreSQL stopped answering for {silence.TotalSeconds:F0} s while {statement} ran; it was cancelled.", innerException)
    {
        Statement = statement;
        Silence = silence;
    }

    /// <summary>Gets what ran.</summary>
    public string Statement { get; }

    /// <summary>Gets how long the server had not answered.</summary>
    public TimeSpan Silence { get; }
}
