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

    /// <summary>The most bytes <see cref="FromFile(string)"/> and <see cref="FromStream(Stream, string)"/> read: 50 MiB.</summary>
    public const long DefaultMaxBytes = 50L * 1024 * 1024;

    private const string DefaultLimitName = "ImageInput.DefaultMaxBytes";

    /// <summary>
    /// Creates an input that reads the file at <paramref name="path"/> when it is embedded: a regular file (links are
    /// followed) of at most <see cref="DefaultMaxBytes"/> that starts as an image does.
    /// </summary>
    /// <param name="path">The file path.</param>
    /// <returns>The input.</returns>
    public static ImageInput FromFile(string path) => new FileImageInput(path, new ImageSizeLimit(DefaultMaxBytes, DefaultLimitName));

    /// <summary>
    /// Creates an input that reads the file at <paramref name="path"/> when it is embedded. Only a regular file is read
    /// (links are followed; a folder, FIFO, socket or device is refused without being opened), its first bytes must
    /// start a JPEG, PNG, WebP, GIF or BMP image before the rest is read, and a file over
    /// <paramref name="maxBytes"/> is refused, also when it grows past it while being read.
    /// </summary>
    /// <param name="path">The file path.</param>
    /// <param name="maxBytes">The most bytes the file may have.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is below 1 or above <see cref="Array.MaxLength"/>.</exception>
    public static ImageInput FromFile(string path, long maxBytes)
    {
        ImageSizeLimit.Validate(maxBytes, nameof(maxBytes));
        return new FileImageInput(path, new ImageSizeLimit(maxBytes, nameof(maxBytes)));
    }

    /// <summary>Creates a file input whose limit is named after the setting that sets it.</summary>
    internal static ImageInput FromFile(string path, ImageSizeLimit limit) => new FileImageInput(path, limit);

    /// <summary>Creates an input over encoded image bytes (JPEG, PNG, WebP, GIF, BMP).</summary>
    /// <param name="bytes">The encoded image. The input keeps a reference to it.</param>
    /// <param name="name">A name for errors and logs.</param>
    /// <returns>The input.</returns>
    public static ImageInput FromBytes(ReadOnlyMemory<byte> bytes, string name = "image") => new BytesImageInput(bytes, name);

    /// <summary>
    /// Creates an input that reads <paramref name="stream"/> (once) when it is embedded, at most <see cref="DefaultMaxBytes"/>.
    /// The stream is not disposed.
    /// </summary>
    /// <param name="stream">A readable stream with an encoded image.</param>
    /// <param name="name">A name for errors and logs.</param>
    /// <returns>The input.</returns>
    public static ImageInput FromStream(Stream stream, string name = "stream") => new StreamImageInput(stream, name, new ImageSizeLimit(DefaultMaxBytes, DefaultLimitName));

    /// <summary>
    /// Creates an input that reads <paramref name="stream"/> (once) when it is embedded: its first bytes must start a
    /// JPEG, PNG, WebP, GIF or BMP image before the rest is read, and content over <paramref name="maxBytes"/> is
    /// refused after at most that many bytes and one more. The stream is not disposed.
    /// </summary>
    /// <param name="stream">A readable stream with an encoded image.</param>
    /// <param name="name">A name for errors and logs.</param>
    /// <param name="maxBytes">The most bytes the content may have.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="maxBytes"/> is below 1 or above <see cref="Array.MaxLength"/>.</exception>
    public static ImageInput FromStream(Stream stream, string name, long maxBytes)
    {
        ImageSizeLimit.Validate(maxBytes, nameof(maxBytes));
        return new StreamImageInput(stream, name, new ImageSizeLimit(maxBytes, nameof(maxBytes)));
    }

    /// <summary>Creates a stream input whose limit is named after the setting that sets it.</summary>
    internal static ImageInput FromStream(Stream stream, string name, ImageSizeLimit limit) => new StreamImageInput(stream, name, limit);

    /// <summary>Reads the encoded image bytes.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The encoded bytes.</returns>
    /// <exception cref="InvalidImageException">
    /// The image cannot be read: a missing file, not a regular file, over the size limit, not an image, an I/O error.
    /// </exception>
    public abstract ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken = default);

    /// <inheritdoc />
    public override string ToString() => Name;

    private sealed class FileImageInput(string path, ImageSizeLimit limit) : ImageInput(path)
    {
        public override ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken = default) =>
            BoundedImageReader.ReadFileAsync(Name, limit, cancellationToken);
    }

    private sealed class BytesImageInput(ReadOnlyMemory<byte> bytes, string name) : ImageInput(name)
    {
        public override ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken = default) => new(bytes);
    }

    private sealed class StreamImageInput : ImageInput
    {
        private readonly Stream _stream;
        private readonly ImageSizeLimit _limit;

        public StreamImageInput(Stream stream, string name, ImageSizeLimit limit)
            : base(name)
        {
            ArgumentNullException.ThrowIfNull(stream);
            _stream = stream;
            _limit = limit;
        }

        public override ValueTask<ReadOnlyMemory<byte>> ReadAsync(CancellationToken cancellationToken = default) =>
            BoundedImageReader.ReadStreamAsync(_stream, Name, _limit, cancellationToken);
    }
}
