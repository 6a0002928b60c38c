using System.Globalization;

namespace MultimodalSearch;

/// <summary>
/// Reads encoded images from files and streams within a size limit, header first. Only regular files are opened: a
/// folder, FIFO, socket or device (also behind a link) is refused from its metadata without being opened, so that
/// nothing blocks (a FIFO's open waits for a writer) or streams without end (<c>/dev/zero</c>). The first bytes must
/// start a supported image (<see cref="ImageSignatures"/>) before the rest is read, and content larger than the limit,
/// or a file growing past it while it is read, is refused after at most the limit plus one byte.
/// </summary>
internal static class BoundedImageReader
{
    private const int MinimumGrowth = 64 * 1024;

    private static readonly FileStreamOptions ReadOptions = new()
    {
        Mode = FileMode.Open,
        Access = FileAccess.Read,
        Share = FileShare.Read,
        Options = FileOptions.Asynchronous | FileOptions.SequentialScan,
        BufferSize = 0,
    };

    /// <summary>Reads the image file at <paramref name="path"/>.</summary>
    /// <param name="path">The file; a link is followed to its final target.</param>
    /// <param name="limit">The size limit.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The encoded bytes.</returns>
    /// <exception cref="InvalidImageException">The path is no regular file, is too large, is not an image, or cannot be read.</exception>
    public static async ValueTask<ReadOnlyMemory<byte>> ReadFileAsync(string path, ImageSizeLimit limit, CancellationToken cancellationToken)
    {
        var length = RegularFileLength(path, limit);
        try
        {
            var stream = new FileStream(path, ReadOptions);
            await using (stream.ConfigureAwait(false))
            {
                // The file was swapped for something else between the check and the open.
                if (!stream.CanSeek)
                {
                    throw new InvalidImageException(path, NotRegular);
                }

                return await ReadAsync(stream, path, length, limit, "the file grew past the limit of {0} while it was read", cancellationToken).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new InvalidImageException(path, $"cannot read the file: {ex.Message}", ex);
        }
    }

    /// <summary>Reads an image from <paramref name="stream"/> (from its position to its end).</summary>
    /// <param name="stream">The stream; not disposed.</param>
    /// <param name="name">The image's name, for errors.</param>
    /// <param name="limit">The size limit.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The encoded bytes.</returns>
    /// <exception cref="InvalidImageException">The content is too large, not an image, or cannot be read.</exception>
    public static async ValueTask<ReadOnlyMemory<byte>> ReadStreamAsync(Stream stream, string name, ImageSizeLimit limit, CancellationToken cancellationToken)
    {
        long expected = -1;
        if (stream.CanSeek)
        {
            expected = stream.Length - stream.Position;
            if (expected > limit.MaxBytes)
            {
                throw TooLarge(name, expected, limit);
            }
        }

        try
        {
            return await ReadAsync(stream, name, expected, limit, "the content is larger than the limit of {0}", cancellationToken).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new InvalidImageException(name, $"cannot read the stream: {ex.Message}", ex);
        }
    }

    private static string NotRegular => "not a regular file (a FIFO, socket or device); only regular image files are read";

    /// <summary>The length of the regular file at <paramref name="path"/> (after links), from its metadata alone.</summary>
    private static long RegularFileLength(string path, ImageSizeLimit limit)
    {
        FileSystemInfo file = new FileInfo(path);
        var linked = false;
        try
        {
            if (file.LinkTarget is not null)
            {
                linked = true;
                file = file.ResolveLinkTarget(returnFinalTarget: true) ?? file;
            }
        }
        catch (IOException ex)
        {
            throw new InvalidImageException(path, $"cannot follow the link: {ex.Message}", ex);
        }

        if (Directory.Exists(file.FullName))
        {
            throw new InvalidImageException(path, "a folder, not an image file");
        }

        if (!file.Exists)
        {
            throw new InvalidImageException(path, linked ? $"the link's target '{file.FullName}' does not exist" : "the file does not exist");
        }

        // A FIFO, socket or device has no size; reading it would block or never end. An empty file holds no image either.
        var length = ((FileInfo)file).Length;
        if (length == 0)
        {
            throw new InvalidImageException(path, "empty, or not a regular file (a FIFO, socket or device); only regular image files are read");
        }

        return length <= limit.MaxBytes ? length : throw TooLarge(path, length, limit);
    }

    private static async ValueTask<ReadOnlyMemory<byte>> ReadAsync(Stream stream, string name, long expected, ImageSizeLimit limit, string overLimit, CancellationToken cancellationToken)
    {
        var header = (int)Math.Min(ImageSignatures.HeaderLength, limit.MaxBytes);
        var buffer = new byte[expected > 0 ? Math.Max(header, expected) : Math.Min(limit.MaxBytes, MinimumGrowth)];
        var count = 0;
        var checkedHeader = false;
        while (true)
        {
            if (count == buffer.Length)
            {
                // Full: one more byte says whether the content goes on (a file may also have grown since its size was read).
                var probe = new byte[1];
                if (await stream.ReadAsync(probe, cancellationToken).ConfigureAwait(false) == 0)
                {
                    break;
                }

                if (count >= limit.MaxBytes)
                {
                    throw new InvalidImageException(name, string.Format(CultureInfo.InvariantCulture, overLimit, limit.Description));
                }

                Array.Resize(ref buffer, (int)Math.Min(limit.MaxBytes, Math.Max(2L * buffer.Length, MinimumGrowth)));
                buffer[count++] = probe[0];
                continue;
            }

            // Nothing past the header is read before the header is checked.
            var end = checkedHeader ? buffer.Length : Math.Min(buffer.Length, header);
            var read = await stream.ReadAsync(buffer.AsMemory(count, end - count), cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                break;
            }

            count += read;
            if (!checkedHeader && count >= header)
            {
                CheckHeader(buffer.AsSpan(0, count), name);
                checkedHeader = true;
            }
        }

        if (!checkedHeader)
        {
            CheckHeader(buffer.AsSpan(0, count), name);
        }

        return buffer.AsMemory(0, count);
    }

    private static void CheckHeader(ReadOnlySpan<byte> header, string name)
    {
        if (ImageSignatures.Problem(header) is { } problem)
        {
            throw new InvalidImageException(name, problem);
        }
    }

    private static InvalidImageException TooLarge(string name, long length, ImageSizeLimit limit) =>
        new(name, string.Create(CultureInfo.InvariantCulture, $"the file has {length:N0} bytes, more than the limit of {limit.Description}"));
}
