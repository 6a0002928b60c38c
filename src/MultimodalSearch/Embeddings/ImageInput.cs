namespace MultimodalSearch;

/// <summary>
/// An image to embed: a file, bytes in memory, or a stream. <see cref="Name"/> identifies it in errors
/// and logs.
/// </summary>
public abstract class ImageInput
{
    /// <summary>Initialises the base with the name used in errors.</summary>
    /// <param name="name">A name for the image (a path, a URL, an id).</param>
    protected ImageInput(string name)
    {
        ArgumentException.ThrowIfNullOrEmpty(name);
        Name = name;
    }

    /// <summary>Gets the name used for the image in errors and logs.</summary>
    public string Name { get; }

    /// <summary>Creates an input that reads the file at <paramref name="path"/> when it is embedded.</summary>
    /// <param name="path">The file path.</param>
    /// <returns>The input.</returns>
    public static ImageInput FromFile(string path) => new FileImageInput(path);

    /// <summary>Creates an input over encoded image bytes (JPEG, PNG, WebP, GIF, BMP).</summary>
    /// <param name="bytes">The encoded image. The input keeps a reference to it.</param>
    /// <param name="name">A name for errors and logs.</param>
    /// <returns>The input.</returns>
    public static ImageInput FromBytes(ReadOnlyMemory<byte> bytes, string name = "image") => new BytesImageInput(bytes, name);

    /// <summary>Creates an input that reads <paramref name="stream"/> (once) when it is embedded. The stream is not disposed.</summary>
    /// <param name="stream">A readable stream with an encoded image.</param>
    /// <param name="name">A name for errors and logs.</param>
    /// <returns>The input.</returns>
    public static ImageInput FromStream(Stream stream, string name = "stream") => new StreamImageInput(stream, name);

    /// <summary>Reads the encoded image bytes.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The encoded bytes.</returns>
    /// <exception cref="InvalidImageException">The image cannot be read (missing file, I/O error).</exception>
    public abstract ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public override string ToString() => Name;

    private sealed class FileImageInput(string path) : ImageInput(path)
    {
        public override async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                return await File.ReadAllBytesAsync(Name, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new InvalidImageException(Name, $"cannot read the file: {ex.Message}", ex);
            }
        }
    }

    private sealed class BytesImageInput(ReadOnlyMemory<byte> bytes, string name) : ImageInput(name)
    {
        public override ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken = default) => new(bytes);
    }

    private sealed class StreamImageInput : ImageInput
    {
        private readonly Stream _stream;

        public StreamImageInput(Stream stream, string name)
            : base(name)
        {
            ArgumentNullException.ThrowIfNull(stream);
            _stream = stream;
        }

        public override async ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken = default)
        {
            try
            {
                using var buffer = new MemoryStream();
                await _stream.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
                return buffer.GetBuffer().AsMemory(0, (int)buffer.Length);
            }
            catch (IOException ex)
            {
                throw new InvalidImageException(Name, $"cannot read the stream: {ex.Message}", ex);
            }
        }
    }
}
