using System.Net.ServerSentEvents;
using System.Runtime.CompilerServices;
using System.Text;

namespace MultimodalSearch.Gemini.Http;

/// <summary>
/// Reads the events of a <c>streamGenerateContent?alt=sse</c> body with <see cref="SseParser"/>, and also
/// what an SSE parser skips by design: lines that are no SSE field. Google ends a failed stream with a
/// bare <c>{"error":{...}}</c> body after the events (recorded as <c>streaming-failure-error-mid-stream</c>);
/// a parser alone would report a clean end, so that text is kept in <see cref="StrayText"/> for the caller.
/// Each read waits at most the idle timeout; a longer silence throws <see cref="TimeoutException"/>.
/// </summary>
internal sealed class GeminiEventStream : Stream
{
    // Enough to hold any error body Google sends; beyond it only the start matters for the message.
    private const int MaxStrayBytes = 64 * 1024;
    private const int MaxFieldNameLength = 5;

    private readonly Stream _inner;
    private readonly TimeSpan _idleTimeout;
    private readonly MemoryStream _stray = new();
    private readonly byte[] _fieldName = new byte[MaxFieldNameLength + 1];
    private int _fieldNameLength;
    private LineState _state = LineState.FieldName;
    private bool _endTerminated;

    public GeminiEventStream(Stream inner, TimeSpan idleTimeout)
    {
        _inner = inner;
        _idleTimeout = idleTimeout;
    }

    private enum LineState
    {
        FieldName,
        Field,
        Stray,
    }

    /// <summary>Gets the text of the lines so far that were not SSE fields (empty when there were none).</summary>
    public string StrayText => _stray.Length == 0 ? string.Empty : Encoding.UTF8.GetString(_stray.GetBuffer(), 0, (int)_stray.Length).Trim();

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

    /// <summary>Yields the data of each event, in order.</summary>
    public async IAsyncEnumerable<byte[]> ReadEventsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var parser = SseParser.Create(this, static (_, data) => data.ToArray());
        await foreach (var item in parser.EnumerateAsync(cancellationToken).ConfigureAwait(false))
        {
            yield return item.Data;
        }
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        idle.CancelAfter(_idleTimeout);
        int read;
        try
        {
            read = await _inner.ReadAsync(buffer, idle.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The stream sent nothing for {_idleTimeout}.", ex);
        }

        if (read == 0 && !_endTerminated && buffer.Length >= 2)
        {
            // SSE dispatches an event at a blank line, so a body that stops right after its last data line
            // (as some recordings and proxies do) would lose that event; end it the way the server should have.
            _endTerminated = true;
            "\n\n"u8.CopyTo(buffer.Span);
            read = 2;
        }

        Inspect(buffer.Span[..read]);
        return read;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override int Read(byte[] buffer, int offset, int count) =>
        throw new NotSupportedException("The Gemini stream is read asynchronously.");

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _stray.Dispose();
        }

        base.Dispose(disposing);
    }

    private static bool IsField(ReadOnlySpan<byte> name) =>
        name.IsEmpty || name.SequenceEqual("data"u8) || name.SequenceEqual("event"u8) || name.SequenceEqual("id"u8) || name.SequenceEqual("retry"u8);

    // Classifies each line by its field name as the bytes pass: "data:", "event:", "id:", "retry:" and
    // ":comment" are SSE; anything else (a JSON body, an HTML page) is kept.
    private void Inspect(ReadOnlySpan<byte> bytes)
    {
        foreach (var b in bytes)
        {
            if (b is (byte)'\n' or (byte)'\r')
            {
                EndLine();
                continue;
            }

            switch (_state)
            {
                case LineState.FieldName when b == (byte)':':
                    _state = IsField(_fieldName.AsSpan(0, _fieldNameLength)) ? LineState.Field : StartStray(withColon: true);
                    break;
                case LineState.FieldName:
                    _fieldName[_fieldNameLength++] = b;
                    if (_fieldNameLength > MaxFieldNameLength)
                    {
                        _state = StartStray(withColon: false);
                    }

                    break;
                case LineState.Stray:
                    AppendStray(b);
                    break;
            }
        }
    }

    private LineState StartStray(bool withColon)
    {
        foreach (var b in _fieldName.AsSpan(0, _fieldNameLength))
        {
            AppendStray(b);
        }

        if (withColon)
        {
            AppendStray((byte)':');
        }

        return LineState.Stray;
    }

    private void EndLine()
    {
        // A line that is only a name ("data") is a field too; a lone word that is not one is stray text.
        if (_state == LineState.FieldName && _fieldNameLength > 0 && !IsField(_fieldName.AsSpan(0, _fieldNameLength)))
        {
            StartStray(withColon: false);
            _state = LineState.Stray;
        }

        if (_state == LineState.Stray)
        {
            AppendStray((byte)'\n');
        }

        _state = LineState.FieldName;
        _fieldNameLength = 0;
    }

    private void AppendStray(byte b)
    {
        if (_stray.Length < MaxStrayBytes)
        {
            _stray.WriteByte(b);
        }
    }
}
