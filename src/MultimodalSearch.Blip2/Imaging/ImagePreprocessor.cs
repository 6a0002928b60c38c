using SkiaSharp;

namespace MultimodalSearch.Blip2.Imaging;

/// <summary>
/// Turns an encoded image into the vision model's input as the reference pipeline does: decode (SkiaSharp,
/// libjpeg-turbo for JPEG, as Pillow), convert to RGB by dropping alpha (greyscale and palette expanded),
/// resize with Pillow's antialiased two-pass algorithm, rescale and normalise into planar float32.
/// </summary>
/// <remarks>
/// Thread-safe and allocation-light: scratch buffers are pooled per call and the resampling weights are
/// cached per input size. JPEG rows are resized as they are decoded, so the full decoded image is never
/// held in memory for that format.
/// </remarks>
internal sealed class ImagePreprocessor
{
    private const int RowsPerChunk = 16;
    private readonly PreprocessorConfig _config;
    private readonly ImagePreprocessorOptions _options;
    private readonly CoefficientRounding _rounding;
    private readonly PixelNormalizer _normalizer;

    /// <summary>Creates the preprocessor.</summary>
    /// <param name="config">The model's preprocessor configuration.</param>
    /// <param name="options">The decoding options.</param>
    /// <param name="rounding">How resampling weights become integers; the reference is torchvision's.</param>
    /// <exception cref="ArgumentOutOfRangeException"><see cref="ImagePreprocessorOptions.MaxPixels"/> is not positive.</exception>
    public ImagePreprocessor(PreprocessorConfig config, ImagePreprocessorOptions options, CoefficientRounding rounding = CoefficientRounding.TorchVision)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxPixels, 1, nameof(options));
        _config = config;
        _options = options.Clone();
        _rounding = rounding;
        _normalizer = new PixelNormalizer(config);
    }

    /// <summary>
    /// Checks the header (as <see cref="Preprocess(ReadOnlySpan{byte}, string)"/> does first) and tells how many
    /// pixels of memory decoding the image holds at once (a pixel: 4 bytes of RGBA).
    /// </summary>
    /// <param name="encoded">The encoded image.</param>
    /// <param name="imageName">The image's name, for errors.</param>
    /// <returns>The pixels the decode holds.</returns>
    /// <exception cref="InvalidImageException">The header already condemns the image.</exception>
    public long DecodePixels(ReadOnlySpan<byte> encoded, string imageName)
    {
        var header = SkiaImageSource.Check(encoded, imageName, _options.MaxPixels);
        if (header.Sequential && !_options.HonorExifOrientation)
        {
            // A few decoded rows and the half-resized image (as wide as the model's input); capped so that an
            // image under the pixel limit always fits the default budget.
            return Math.Min((RowsPerChunk * header.Width) + ((long)_config.Width * header.Height), header.Pixels);
        }

        // The decoded image, and its turned copy when the EXIF orientation is honoured.
        return header.Pixels * (_options.HonorExifOrientation ? 2 : 1);
    }

    /// <summary>Gets the number of floats one image becomes (3 x height x width).</summary>
    public int OutputLength => 3 * _config.Height * _config.Width;

    /// <summary>Preprocesses an image into a new array.</summary>
    /// <param name="encoded">The encoded image (JPEG, PNG, WebP, GIF or BMP).</param>
    /// <param name="imageName">The image's name, for errors.</param>
    /// <returns>3 planes (R, G, B) of height x width values.</returns>
    /// <exception cref="InvalidImageException">The image is empty, truncated, corrupt, not an image, unsupported or too large.</exception>
    public float[] Preprocess(ReadOnlySpan<byte> encoded, string imageName)
    {
        // Refuse what the header already condemns before allocating the result.
        SkiaImageSource.Check(encoded, imageName, _options.MaxPixels);
        var result = new float[OutputLength];
        Preprocess(encoded, imageName, result);
        return result;
    }

    /// <summary>Preprocesses an image into <paramref name="destination"/>.</summary>
    /// <param name="encoded">The encoded image (JPEG, PNG, WebP, GIF or BMP).</param>
    /// <param name="imageName">The image's name, for errors.</param>
    /// <param name="destination">Exactly <see cref="OutputLength"/> floats: 3 planes (R, G, B) of height x width values.</param>
    /// <exception cref="ArgumentException"><paramref name="destination"/> has the wrong length.</exception>
    /// <exception cref="InvalidImageException">The image is empty, truncated, corrupt, not an image, unsupported or too large; <paramref name="destination"/> is then unspecified.</exception>
    public unsafe void Preprocess(ReadOnlySpan<byte> encoded, string imageName, Span<float> destination)
    {
        ArgumentNullException.ThrowIfNull(imageName);
        if (destination.Length != OutputLength)
        {
            throw new ArgumentException($"The destination holds {destination.Length} floats; one image needs 3 x {_config.Height} x {_config.Width} = {OutputLength}.", nameof(destination));
        }

        fixed (byte* data = encoded)
        {
            using var source = SkiaImageSource.Open(data, encoded.Length, imageName, _options.MaxPixels);
            var origin = _options.HonorExifOrientation ? source.Origin : SKEncodedOrigin.TopLeft;
            if (origin == SKEncodedOrigin.TopLeft && source.TryStartRows())
            {
                var plan = Plan(source.Width, source.Height, imageName);
                ResizeStreamed(source, plan, destination);
            }
            else
            {
                ResizeDecoded(source, origin, imageName, destination);
            }
        }
    }

    private void ResizeStreamed(SkiaImageSource source, ResamplePlan plan, Span<float> destination)
    {
        using var intermediate = PixelBuffer.Rent(plan.IntermediateBytes);
        using var chunk = PixelBuffer.Rent(Math.Min(RowsPerChunk, plan.EndRow - plan.FirstRow) * source.Width * 4);
        source.SkipRows(plan.FirstRow);
        for (var row = plan.FirstRow; row < plan.EndRow; row += RowsPerChunk)
        {
            var count = Math.Min(RowsPerChunk, plan.EndRow - row);
            source.ReadRows(chunk.Span, count);
            plan.ResampleRows(chunk.Span, row, count, intermediate.Span);
        }

        Finish(plan, intermediate.Span, destination);
    }

    private void ResizeDecoded(SkiaImageSource source, SKEncodedOrigin origin, string imageName, Span<float> destination)
    {
        using var rgba = ImageDecoder.DecodeUpright(source, origin, imageName, out var width, out var height);
        Resize(rgba.Span, width, height, imageName, destination);
    }

    private void Resize(ReadOnlySpan<byte> rgba, int width, int height, string imageName, Span<float> destination)
    {
        var plan = Plan(width, height, imageName);
        var rows = rgba[(plan.FirstRow * width * 4)..(plan.EndRow * width * 4)];
        if (!plan.ResizesWidth)
        {
            Finish(plan, rows, destination);
            return;
        }

        using var intermediate = PixelBuffer.Rent(plan.IntermediateBytes);
        plan.ResampleRows(rows, plan.FirstRow, plan.EndRow - plan.FirstRow, intermediate.Span);
        Finish(plan, intermediate.Span, destination);
    }

    private void Finish(ResamplePlan plan, ReadOnlySpan<byte> intermediate, Span<float> destination)
    {
        using var output = PixelBuffer.Rent(plan.OutputBytes);
        plan.ResampleColumns(intermediate, output.Span);
        _normalizer.Write(output.Span, destination);
    }

    private ResamplePlan Plan(int width, int height, string imageName)
    {
        if (!_config.DoResize && (width != _config.Width || height != _config.Height))
        {
            throw new InvalidImageException(imageName, $"image of {width} x {height} pixels does not match the model's {_config.Width} x {_config.Height} input, and the preprocessor config turns resizing off");
        }

        return new ResamplePlan(width, height, _config.Width, _config.Height, _config.Filter, _rounding);
    }
}
