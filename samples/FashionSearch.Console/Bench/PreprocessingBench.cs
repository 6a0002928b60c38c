using System.Runtime.InteropServices;
using FashionSearch.Console.Cli;
using MultimodalSearch;
using SkiaSharp;

namespace FashionSearch.Console.Bench;

/// <summary>
/// Preprocessing (decode + resize to the model's input + normalise), one thread, against SkiaSharp decoding the
/// same JPEGs and nothing else: the floor under any preprocessing.
/// </summary>
internal static class PreprocessingBench
{
    /// <summary>The reference pipeline (PIL + numpy) on a 640 x 480 JPEG on one core of the project machine, from issue 2: quoted, not measured here.</summary>
    private const double ReferenceMsPerImage = 5.3;

    private const int CatalogImages = 64;

    public static async Task<IReadOnlyList<BenchFigure>> RunAsync(IMultimodalEmbedder embedder, string? photoPath, BenchSettings settings, CancellationToken cancellationToken)
    {
        var catalogFiles = Directory.GetFiles(Path.Combine(BundledModel.Catalog, "images"), "*.jpg", SearchOption.AllDirectories)
            .Order(StringComparer.Ordinal).Take(CatalogImages).ToArray();
        var catalog = catalogFiles.Select(f => Pin(File.ReadAllBytes(f))).ToArray();
        var photo = Pin(photoPath is null ? MakePhoto(catalog[0]) : await File.ReadAllBytesAsync(photoPath, cancellationToken).ConfigureAwait(false));
        var photoWhat = photoPath is null ? "a 640x480 JPEG (q90, a catalog image scaled up in this run)" : Path.GetFileName(photoPath);
        var (width, height) = Size(photo);

        var catalogFigure = await MeasureAsync(embedder, catalog, settings, cancellationToken).ConfigureAwait(false);
        var photoFigure = await MeasureAsync(embedder, [photo], settings, cancellationToken).ConfigureAwait(false);
        return
        [
            BenchFigure.Latency("preprocess.catalog", "preprocess a 224x224 catalog JPEG (decode + resize + normalise), one thread", catalogFigure.Ours, "SkiaSharp decode only, same JPEGs", catalogFigure.Baseline),
            BenchFigure.Latency("preprocess.photo", $"preprocess {photoWhat}, {width}x{height}, one thread", photoFigure.Ours, "SkiaSharp decode only, same JPEG", photoFigure.Baseline) with
            {
                Reference = new BenchBaseline("reference pipeline (PIL + numpy) on a 640x480 JPEG, one core, from issue 2; not measured in this run", ReferenceMsPerImage, Measured: false),
            },
        ];
    }

    private static async Task<(Samples Ours, Samples Baseline)> MeasureAsync(IMultimodalEmbedder embedder, byte[][] images, BenchSettings settings, CancellationToken cancellationToken)
    {
        var (width, height) = images.Select(Size).MaxBy(s => s.Width * s.Height);
        var pixels = GC.AllocateArray<byte>(width * height * 4, pinned: true);
        var (ours, baseline) = await Timer.MeasurePairAsync(
            run => embedder.PrepareImageAsync(ImageInput.FromBytes(images[run % images.Length], "bench"), cancellationToken),
            run =>
            {
                DecodeOnly(images[run % images.Length], pixels);
                return Task.CompletedTask;
            },
            settings.Warmup,
            settings.PreprocessRuns,
            cancellationToken).ConfigureAwait(false);
        return (ours, baseline);
    }

    /// <summary>Decodes to RGBA as the preprocessor's decoder does (SkiaSharp over the encoded bytes in place), and stops there.</summary>
    private static void DecodeOnly(byte[] pinnedEncoded, byte[] pinnedPixels)
    {
        using var data = SKData.Create(Marshal.UnsafeAddrOfPinnedArrayElement(pinnedEncoded, 0), pinnedEncoded.Length);
        using var codec = SKCodec.Create(data) ?? throw new InvalidDataException("SkiaSharp cannot decode the benchmark image.");
        var info = new SKImageInfo(codec.Info.Width, codec.Info.Height, SKColorType.Rgba8888, SKAlphaType.Unpremul);
        var result = codec.GetPixels(info, Marshal.UnsafeAddrOfPinnedArrayElement(pinnedPixels, 0));
        if (result != SKCodecResult.Success)
        {
            throw new InvalidDataException($"SkiaSharp could not decode the benchmark image: {result}.");
        }
    }

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

    private static byte[] Pin(byte[] bytes)
    {
        var pinned = GC.AllocateArray<byte>(bytes.Length, pinned: true);
        bytes.CopyTo(pinned, 0);
        return pinned;
    }
}
