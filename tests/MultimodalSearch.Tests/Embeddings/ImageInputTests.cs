using System.Diagnostics;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Tests.Embeddings;

/// <summary>
/// Image reads are bounded and header-first (issue 22): only regular files are opened, content that does not start
/// as an image is refused after its first bytes, and content over the limit after at most the limit and one byte.
/// </summary>
public sealed class ImageInputTests : IDisposable
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private readonly string _folder = Directory.CreateTempSubdirectory("image-input-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task A_regular_image_file_is_read_whole()
    {
        var image = Directory.GetFiles(Path.Combine(TestPaths.DemoCatalog, "images"), "*.jpg", SearchOption.AllDirectories)[0];

        var bytes = await ImageInput.FromFile(image).ReadAsync();

        Assert.Equal(await File.ReadAllBytesAsync(image), bytes.ToArray());
    }

    [Fact]
    public async Task A_fifo_is_refused_without_being_opened()
    {
        var fifo = Path.Combine(_folder, "pipe.jpg");
        using (var mkfifo = Process.Start("mkfifo", [fifo]))
        {
            await mkfifo.WaitForExitAsync();
        }

        var error = await Assert.ThrowsAsync<InvalidImageException>(() => ImageInput.FromFile(fifo).ReadAsync().AsTask().WaitAsync(Bound));

        Assert.Contains("not a regular file", error.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/dev/zero")]
    [InlineData("/dev/urandom")]
    public async Task A_device_also_behind_a_link_is_refused(string device)
    {
        var link = Path.Combine(_folder, "device.jpg");
        File.CreateSymbolicLink(link, device);

        var direct = await Assert.ThrowsAsync<InvalidImageException>(() => ImageInput.FromFile(device).ReadAsync().AsTask().WaitAsync(Bound));
        var linked = await Assert.ThrowsAsync<InvalidImageException>(() => ImageInput.FromFile(link).ReadAsync().AsTask().WaitAsync(Bound));

        Assert.Contains("not a regular file", direct.Reason, StringComparison.Ordinal);
        Assert.Contains("not a regular file", linked.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_folder_a_missing_file_and_a_loop_of_links_are_refused_by_name()
    {
        File.CreateSymbolicLink(Path.Combine(_folder, "a.jpg"), Path.Combine(_folder, "b.jpg"));
        File.CreateSymbolicLink(Path.Combine(_folder, "b.jpg"), Path.Combine(_folder, "a.jpg"));

        var folder = await Assert.ThrowsAsync<InvalidImageException>(() => ImageInput.FromFile(_folder).ReadAsync().AsTask());
        var missing = await Assert.ThrowsAsync<InvalidImageException>(() => ImageInput.FromFile(Path.Combine(_folder, "nope.jpg")).ReadAsync().AsTask());
        var loop = await Assert.ThrowsAsync<InvalidImageException>(() => ImageInput.FromFile(Path.Combine(_folder, "a.jpg")).ReadAsync().AsTask());

        Assert.Contains("a folder", folder.Reason, StringComparison.Ordinal);
        Assert.Contains("does not exist", missing.Reason, StringComparison.Ordinal);
        Assert.Contains("link", loop.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_sparse_file_over_the_limit_is_refused_from_its_size_naming_the_limit()
    {
        var huge = Path.Combine(_folder, "huge.jpg");
        using (var file = File.Create(huge))
        {
            file.Write([0xFF, 0xD8, 0xFF, 0xE0]);
            file.SetLength(2L * 1024 * 1024 * 1024);
        }

        var byDefault = await Assert.ThrowsAsync<InvalidImageException>(() => ImageInput.FromFile(huge).ReadAsync().AsTask().WaitAsync(Bound));
        var byCaller = await Assert.ThrowsAsync<InvalidImageException>(() => ImageInput.FromFile(huge, 4096).ReadAsync().AsTask());

        Assert.Equal("the file has 2,147,483,648 bytes, more than the limit of 52,428,800 bytes (ImageInput.DefaultMaxBytes)", byDefault.Reason);
        Assert.Contains("more than the limit of 4,096 bytes (maxBytes)", byCaller.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Content_that_is_not_an_image_is_refused_after_its_first_bytes()
    {
        using var stream = new EndlessStream("this is a shopping list, not a photo. "u8.ToArray());

        var error = await Assert.ThrowsAsync<InvalidImageException>(() => ImageInput.FromStream(stream, "list.jpg").ReadAsync().AsTask().WaitAsync(Bound));

        Assert.StartsWith("not an image", error.Reason, StringComparison.Ordinal);
        Assert.True(stream.BytesRead <= ImageSignatures.HeaderLength, $"{stream.BytesRead} bytes were read");
    }

    [Fact]
    public async Task A_stream_that_goes_on_past_the_limit_is_cut_there_and_refused()
    {
        using var stream = new EndlessStream([0xFF, 0xD8, 0xFF, 0xE0, 0, 0x10]);

        var error = await Assert.ThrowsAsync<InvalidImageException>(() => ImageInput.FromStream(stream, "endless.jpg", 100_000).ReadAsync().AsTask().WaitAsync(Bound));

        Assert.Equal("the content is larger than the limit of 100,000 bytes (maxBytes)", error.Reason);
        Assert.Equal(100_001, stream.BytesRead);
    }

    [Fact]
    public void A_limit_out_of_range_is_misuse()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => ImageInput.FromFile("x.jpg", 0));

        Assert.Equal("maxBytes", error.ParamName);
    }

    /// <summary>A stream that never ends, repeating a pattern (its first bytes once at the start), and counts what was read.</summary>
    private sealed class EndlessStream(byte[] start) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => BytesRead; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            for (var i = 0; i < count; i++)
            {
                buffer[offset + i] = start[(BytesRead + i) % start.Length];
            }

            BytesRead += count;
            return count;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
