using BenchmarkDotNet.Attributes;
using MultimodalSearch.Blip2;
using MultimodalSearch.Blip2.Imaging;
using MultimodalSearch.Testing;
using SkiaSharp;

namespace MultimodalSearch.Benchmarks.Imaging;

/// <summary>
/// Preprocessing one image for BLIP-2 (decode + resize to 224 x 224 + normalise), single-threaded, on
/// tests/data/images/bench/photo_640x480.jpg: a photo-like 640 x 480 JPEG at quality 90 made by
/// tests/data/images/generate.py. The reference pipeline (Pillow + numpy) is timed on the same file by
/// tests/data/images/time_reference.py, which reports wall and thread CPU time too; on a busy machine
/// compare the ThreadCpuTime job with the reference's CPU time.
/// </summary>
[MemoryDiagnoser]
[Config(typeof(ImagingBenchmarkConfig))]
[MinColumn]
[MedianColumn]
public class ImagePreprocessingBenchmarks
{
    private byte[] _jpeg = [];
    private byte[] _png = [];
    private byte[] _decoded = [];
    private float[] _output = [];
    private ImagePreprocessor _preprocessor = null!;

    [GlobalSetup]
    public void Setup()
    {
        _jpeg = File.ReadAllBytes(Path.Combine(TestPaths.RepositoryRoot, "tests", "data", "images", "bench", "photo_640x480.jpg"));
        _png = File.ReadAllBytes(Path.Combine(TestPaths.TinyModel, "images", "shoe_wide.png"));
        var config = PreprocessorConfig.Load(Path.Combine(TestPaths.TinyModel, "preprocessor_config.json"));
        _preprocessor = new ImagePreprocessor(config, new ImagePreprocessorOptions());
        _output = new float[_preprocessor.OutputLength];
        _decoded = new byte[640 * 480 * 4];
    }

    /// <summary>Only the JPEG decode (libjpeg-turbo through SkiaSharp): the floor under the whole pipeline.</summary>
    [Benchmark(Baseline = true)]
    public unsafe int DecodeJpegOnly()
    {
        fixed (byte* data = _jpeg)
        {
            using var source = SkiaImageSource.Open(data, _jpeg.Length, "photo", ImagePreprocessorOptions.DefaultMaxPixels);
            source.ReadAll(_decoded);
            return source.Width;
        }
    }

    /// <summary>Decode + resize + normalise of the 640 x 480 JPEG: the figure the target is about.</summary>
    [Benchmark]
    public float PreprocessJpeg()
    {
        _preprocessor.Preprocess(_jpeg, "photo", _output);
        return _output[0];
    }

    /// <summary>Decode + resize + normalise of a 640 x 480 PNG (the fixture shoe_wide.png).</summary>
    [Benchmark]
    public float PreprocessPng()
    {
        _preprocessor.Preprocess(_png, "shoe", _output);
        return _output[0];
    }

    /// <summary>The same JPEG decoded whole, then resized (the path PNG, WebP and GIF take), for comparison with the streamed path.</summary>
    [Benchmark]
    public unsafe float PreprocessJpegWithoutStreaming()
    {
        fixed (byte* data = _jpeg)
        {
            using var source = SkiaImageSource.Open(data, _jpeg.Length, "photo", ImagePreprocessorOptions.DefaultMaxPixels);
            using var rgba = ImageDecoder.DecodeUpright(source, SKEncodedOrigin.TopLeft, "photo", out var width, out var height);
            var plan = new ResamplePlan(width, height, 224, 224, ResampleFilter.Bicubic, CoefficientRounding.TorchVision);
            using var intermediate = PixelBuffer.Rent(plan.IntermediateBytes);
            using var output = PixelBuffer.Rent(plan.OutputBytes);
            plan.ResampleRows(rgba.Span[(plan.FirstRow * width * 4)..], plan.FirstRow, plan.EndRow - plan.FirstRow, intermediate.Span);
            plan.ResampleColumns(intermediate.Span, output.Span);
            return output.Span[0];
        }
    }
}
