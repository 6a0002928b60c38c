using System.Net;
using System.Net.Sockets;
using System.Text;

namespace FashionSearch.Console.Tests;

/// <summary>
/// A hostile Gemini on 127.0.0.1 (plain HTTP/1.1, Google's error envelope): every request gets a 400 whose
/// <c>status</c> echoes the API key it was sent and whose message holds the key across the client's 1,000-character
/// cut, as the probe of issue 22 did.
/// </summary>
internal sealed class EchoingGeminiServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _serving;

    public EchoingGeminiServer()
    {
        _listener.Start();
        _serving = ServeAsync(_stop.Token);
    }

    public Uri BaseUri => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public int Requests { get; private set; }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _serving.ContinueWith(_ => { }, TaskScheduler.Default);
        _stop.Dispose();
    }

    private async Task ServeAsync(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(cancellationToken);
            await using var stream = client.GetStream();
            var key = await ReadRequestAsync(stream, cancellationToken);
            Requests++;
            var message = new string('x', 1000 - (key.Length / 2)) + key + " was not accepted";
            var body = $$$"""{"error":{"code":400,"message":"{{{message}}}","status":"INVALID_ARGUMENT_{{{key}}}"}}""";
            var bytes = Encoding.UTF8.GetBytes(body);
            var head = $"HTTP/1.1 400 Bad Request\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: {bytes.Length}\r\nConnection: close\r\n\r\n";
            await stream.WriteAsync(Encoding.ASCII.GetBytes(head), cancellationToken);
            await stream.WriteAsync(bytes, cancellationToken);
        }
    }

    /// <summary>Reads one request and returns its <c>x-goog-api-key</c> header.</summary>
    private static async Task<string> ReadRequestAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[8192];
        int headerEnd;
        while ((headerEnd = IndexOfHeaderEnd(received)) < 0)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                return "";
            }

            received.AddRange(buffer.AsSpan(0, read));
        }

        var headers = Encoding.ASCII.GetString([.. received.Take(headerEnd)]).Split("\r\n");
        var length = headers.Where(h => h.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase)).Select(h => int.Parse(h[15..].Trim(), System.Globalization.CultureInfo.InvariantCulture)).FirstOrDefault();
        var bodyRead = received.Count - headerEnd - 4;
        while (bodyRead < length)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                break;
            }

            bodyRead += read;
        }

        return headers.Where(h => h.StartsWith("x-goog-api-key:", StringComparison.OrdinalIgnoreCase)).Select(h => h[15..].Trim()).FirstOrDefault() ?? "";
    }

    private static int IndexOfHeaderEnd(List<byte> bytes)
    {
        for (var i = 0; i + 3 < bytes.Count; i++)
        {
            if (bytes[i] == '\r' && bytes[i + 1] == '\n' && bytes[i + 2] == '\r' && bytes[i + 3] == '\n')
            {
                return i;
            }
        }

        return -1;
    }
}
