using FashionSearch.Console.Cli;
using MultimodalSearch;
using SkiaSharp;

namespace FashionSearch.Console.Bench;

/// <summary>
/// Preprocessing (decode + resize to the model's input + normalise), one thread, of catalog JPEGs and of a photo.
/// (ImagePreprocessingBenchmarks compares it with decoding alone.)
/// </summary>
internal static class PreprocessingBench
{
    private const int CatalogImages = 64;

    public static async Task<IReadOnlyList<BenchFigure>> RunAsync(IMultimodalEmbedder embedder, string? photoPath, BenchSettings settings, CancellationToken cancellationToken)
    {
        var catalogFiles = Directory.GetFiles(Path.Combine(BundledModel.Catalog, "images"), "*.jpg", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Take(CatalogImages).ToArray();
        var catalog = catalogFiles.Select(File.ReadAllBytes).ToArray();
        var photo = photoPath is null ? MakePhoto(catalog[0]) : await File.ReadAllBytesAsync(photoPath, cancellationToken).ConfigureAwait(false);
        var photoWhat = photoPath is null ? "a 640x480 JPEG (q90, a catalog image scaled up in this run)" : Path.GetFileName(photoPath);
        var (width, height) = Size(photo);

        var catalogSamples = await MeasureAsync(embedder, catalog, settings, cancellationToken).ConfigureAwait(false);
        var photoSamples = await MeasureAsync(embedder, [photo], settings, cancellationToken).ConfigureAwait(false);
        return
        [
            BenchFigure.Latency("preprocess.catalog", "preprocess a 224x224 catalog JPEG (decode + resize + normalise), one thread", catalogSamples),
            BenchFigure.Latency("preprocess.photo", $"preprocess {photoWhat}, {width}x{height}, one thread", photoSamples),
        ];
    }

    private static Task<Samples> MeasureAsync(IMultimodalEmbedder embedder, byte[][] images, BenchSettings settings, CancellationToken cancellationToken) =>
        Timer.MeasureAsync(
            run => embedder.PrepareImageAsync(ImageInput.FromBytes(images[run % images.Length], "bench"), cancellationToken),
            settings.Warmup,
            settings.PreprocessRuns,
            cancellationToken);

    private static (int Width, int Height) Size(byte[] encoded)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(encoded)) ?? throw new InvalidDataException("The benchmark image is not an image SkiaSharp can read.");
        return (codec.Info.Width, codec.Info.Height);
    }

    private static byte[] MakePhoto(byte[] catalogJpeg)
    {
        using var small = SKBitmap.Decode(catalogJpeg);
        using var large = small.Resize(new SKImageInfo(640, 480), new SKSamplingOptions(SKCubicResampler.Mitchell));
        using var image = SKImage.FromBitmap(large);
        using var jpeg = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return jpeg.ToArray();
    }
}
