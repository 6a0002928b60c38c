using System.Text;
using MultimodalSearch.Gemini.Http;

namespace MultimodalSearch.Gemini.Tests.Http;

public sealed class ServerSentEventReaderTests
{
    private static async Task<List<string>> ReadAllAsync(string text)
    {
        using var stream = new MemoryStream(Encoding.UTF8.GetBytes(text));
        return await ServerSentEventReader.ReadAsync(stream, TimeSpan.FromMinutes(1)).ToListAsync();
    }

    [Theory]
    [InlineData("data: {\"a\":1}\n\ndata: {\"a\":2}\n\n")]
    [InlineData("data: {\"a\":1}\r\n\r\ndata: {\"a\":2}\r\n\r\n")]
    [InlineData("data: {\"a\":1}\r\rdata: {\"a\":2}\r\r")]
    [InlineData("data:{\"a\":1}\n\ndata:{\"a\":2}")]
    public async Task Events_are_split_on_blank_lines_with_any_line_ending(string text)
    {
        var events = await ReadAllAsync(text);

        Assert.Equal(["{\"a\":1}", "{\"a\":2}"], events);
    }

    [Fact]
    public async Task Several_data_lines_of_one_event_are_joined_with_a_line_feed()
    {
        var events = await ReadAllAsync("data: {\"text\":\ndata: \"hi\"}\n\n");

        Assert.Equal(["{\"text\":\n\"hi\"}"], events);
    }

    [Fact]
    public async Task Comments_other_fields_and_empty_events_are_skipped()
    {
        var events = await ReadAllAsync(": keep-alive\n\nevent: message\nid: 7\ndata: x\nretry: 10\n\n\n\ndatum: not data\n\n");

        Assert.Equal(["x"], events);
    }

    [Fact]
    public async Task A_stream_that_stays_silent_longer_than_the_idle_timeout_throws_a_timeout()
    {
        await using var stream = new SilentStream();

        await Assert.ThrowsAsync<TimeoutException>(() => ServerSentEventReader.ReadAsync(stream, TimeSpan.FromMilliseconds(100)).ToListAsync().AsTask());
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

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
