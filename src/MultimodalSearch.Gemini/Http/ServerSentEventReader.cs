using System.Runtime.CompilerServices;
using System.Text;

namespace MultimodalSearch.Gemini.Http;

/// <summary>
/// Reads the <c>data</c> of Server-Sent Events. Lines may end in LF, CRLF or CR; an event ends at a blank
/// line or at the end of the stream; several <c>data:</c> lines of one event are joined with LF; comments
/// and other fields are skipped.
/// </summary>
internal static class ServerSentEventReader
{
    /// <summary>Yields each event's data.</summary>
    /// <param name="stream">The response body.</param>
    /// <param name="idleTimeout">The longest wait for the next line; a longer silence throws <see cref="TimeoutException"/>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public static async IAsyncEnumerable<string> ReadAsync(
        Stream stream, TimeSpan idleTimeout, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: false, leaveOpen: true);
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var data = new StringBuilder();
        var hasData = false;
        while (true)
        {
            idle.CancelAfter(idleTimeout);
            string? line;
            try
            {
                line = await reader.ReadLineAsync(idle.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
            {
                throw new TimeoutException($"The stream sent nothing for {idleTimeout}.", ex);
            }

            if (line is null)
            {
                break;
            }

            if (line.Length == 0)
            {
                if (hasData)
                {
                    yield return data.ToString();
                    data.Clear();
                    hasData = false;
                }

                continue;
            }

            if (line.StartsWith("data", StringComparison.Ordinal) && (line.Length == 4 || line[4] == ':'))
            {
                var value = line.Length > 5 && line[5] == ' ' ? line.AsSpan(6) : line.AsSpan(Math.Min(5, line.Length));
                if (hasData)
                {
                    data.Append('\n');
                }

                data.Append(value);
                hasData = true;
            }
        }

        if (hasData)
        {
            yield return data.ToString();
        }
    }
}
