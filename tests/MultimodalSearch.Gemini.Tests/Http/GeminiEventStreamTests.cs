using System.Text;
using MultimodalSearch.Gemini.Http;

namespace MultimodalSearch.Gemini.Tests.Http;

public sealed class GeminiEventStreamTests
{
    private static async Task<(List<string> Events, string Stray)> ReadAllAsync(string text)
    {
        await using var stream = new GeminiEventStream(new MemoryStream(Encoding.UTF8.GetBytes(text)), TimeSpan.FromMinutes(1));
        var events = new List<string>();
        await foreach (var data in stream.ReadEventsAsync(CancellationToken.None))
        {
            events.Add(Encoding.UTF8.GetString(data));
        }

        return (events, stream.StrayText);
    }

    [Theory]
    [InlineData("data: {\"a\":1}\n\ndata: {\"a\":2}\n\n")]
    [InlineData("data: {\"a\":1}\r\n\r\ndata: {\"a\":2}\r\n\r\n")]
    [InlineData("data: {\"a\":1}\r\rdata: {\"a\":2}\r\r")]
    [InlineData("data:{\"a\":1}\n\ndata:{\"a\":2}")]
    public async Task Events_are_split_on_blank_lines_with_any_line_ending_and_the_last_may_be_unterminated(string text)
    {
        var (events, stray) = await ReadAllAsync(text);

        Assert.Equal(["{\"a\":1}", "{\"a\":2}"], events);
        Assert.Empty(stray);
    }

    [Fact]
    public async Task Several_data_lines_of_one_event_are_joined_with_a_line_feed()
    {
        var (events, _) = await ReadAllAsync("data: {\"text\":\ndata: \"hi\"}\n\n");

        Assert.Equal(["{\"text\":\n\"hi\"}"], events);
    }

    [Fact]
    public async Task Comments_and_other_sse_fields_are_not_stray_text()
    {
        var (events, stray) = await ReadAllAsync(": keep-alive\n\nevent: message\nid: 7\ndata: x\nretry: 10\n\n\n\n");

        Assert.Equal(["x"], events);
        Assert.Empty(stray);
    }

    [Fact]
    public async Task An_error_body_after_the_events_is_kept_as_stray_text()
    {
        var (events, stray) = await ReadAllAsync("data: {\"a\":1}\r\n\r\n{\n  \"error\": {\n    \"code\": 499,\n    \"status\": \"CANCELLED\"\n  }\n}\n");

        Assert.Equal(["{\"a\":1}"], events);
        Assert.Equal("{\n  \"error\": {\n    \"code\": 499,\n    \"status\": \"CANCELLED\"\n  }\n}", stray);
    }

    [Theory]
    [InlineData("datum: not data\n\n", "datum: not data")]
    [InlineData("<html>\n", "<html>")]
    [InlineData("oops", "oops")]
    public async Task Lines_that_are_no_sse_field_are_stray_text(string text, string expected)
    {
        var (events, stray) = await ReadAllAsync(text);

        Assert.Empty(events);
        Assert.Equal(expected, stray);
    }

    [Fact]
    public async Task A_stream_that_stays_silent_longer_than_the_idle_timeout_throws_a_timeout()
    {
        await using var stream = new GeminiEventStream(new SilentStream(), TimeSpan.FromMilliseconds(100));

        await Assert.ThrowsAsync<TimeoutException>(async () =>
        {
            await foreach (var _ in stream.ReadEventsAsync(CancellationToken.None))
            {
            }
        });
    }

    /// <summary>A stream whose reads never complete until cancelled, like a stalled connection.</summary>
    private sealed class SilentStream : Stream
    {
        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
