using System.Diagnostics;

namespace MultimodalSearch;

/// <summary>
/// Measures one operation for a duration histogram: recorded when disposed, with an <c>error.type</c> unless
/// <see cref="Succeed"/> was called (<c>_OTHER</c> when it ended without an exception seen, as a stream its reader left).
/// </summary>
/// <param name="record">Records the measurement: the <see cref="Stopwatch.GetTimestamp"/> at the start, and the error type or null.</param>
internal sealed class OperationMeasurement(Action<long, string?> record) : IDisposable
{
    private readonly long _started = Stopwatch.GetTimestamp();
    private string? _error = "_OTHER";

    /// <summary>Marks the operation done.</summary>
    public void Succeed() => _error = null;

    /// <summary>Marks the operation failed; returns false, so that it can sit in an exception filter.</summary>
    /// <param name="error">The error type, such as <c>timeout</c>.</param>
    /// <returns>False.</returns>
    public bool Fail(string error)
    {
        _error = error;
        return false;
    }

    /// <summary>Marks the operation failed by <paramref name="exception"/>; returns false, so that it can sit in an exception filter.</summary>
    /// <param name="exception">The exception.</param>
    /// <returns>False.</returns>
    public bool Fail(Exception exception) => Fail(exception.GetType().FullName ?? "_OTHER");

    /// <inheritdoc />
    public void Dispose() => record(_started, _error);
}
