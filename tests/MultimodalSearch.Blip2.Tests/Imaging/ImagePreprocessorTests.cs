using MultimodalSearch.Blip2.Imaging;
using Xunit.Abstractions;

namespace MultimodalSearch.Blip2.Tests.Imaging;

public sealed class ImagePreprocessorTests(ITestOutputHelper output)
{
    private const int Plane = 224 * 224;

    // The acceptance limits: about two grey levels at worst, a fifth of one on average.
    private const float MaxAbsTolerance = 0.03f;
    private const float MeanAbsTolerance = 0.003f;

    // The resized 8-bit values match the reference's bit for bit; what is left is float32 rounding in the
    // normalisation (the config keeps the rescale factor as float32, so 1/rescale is 254.99998, not 255):
    // at most one ulp of values up to 2.2.
    private const float BitExactTolerance = 1e-6f;

    public static TheoryData<int> FixtureImages => new() { 0, 1, 2, 3, 4, 5, 6, 7 };

    [Theory]
    [MemberData(nameof(FixtureImages))]
    public void Preprocessing_a_fixture_image_matches_the_reference_pixel_values(int index)
    {
        var reference = TinyReference.Instance;
        var preprocessor = new ImagePreprocessor(TestImages.TinyConfig, new ImagePreprocessorOptions());

        var actual = preprocessor.Preprocess(File.ReadAllBytes(reference.ImagePath(index)), reference.Images[index]);

        var (max, mean) = Compare(reference.PixelValues.AsSpan(index * 3 * Plane, 3 * Plane), actual);
        output.WriteLine($"{reference.Images[index]}: max abs {max:E3}, mean abs {mean:E3}");
        Assert.InRange(max, 0f, MaxAbsTolerance);
        Assert.InRange(mean, 0f, MeanAbsTolerance);
        Assert.InRange(max, 0f, BitExactTolerance);
    }

    [Theory]
    [MemberData(nameof(FixtureImages))]
    public void Pillow_rounding_stays_within_the_acceptance_limits_but_is_not_the_reference(int index)
    {
        var reference = TinyReference.Instance;
        var preprocessor = new ImagePreprocessor(TestImages.TinyConfig, new ImagePreprocessorOptions(), CoefficientRounding.Pillow);

        var actual = preprocessor.Preprocess(File.ReadAllBytes(reference.ImagePath(index)), reference.Images[index]);

        var (max, mean) = Compare(reference.PixelValues.AsSpan(index * 3 * Plane, 3 * Plane), actual);
        output.WriteLine($"{reference.Images[index]} with Pillow's 22-bit weights: max abs {max:E3}, mean abs {mean:E3}");
        Assert.InRange(max, 0f, MaxAbsTolerance);
        Assert.InRange(mean, 0f, MeanAbsTolerance);
    }

    public static TheoryData<string> FormatFiles => TestImages.Files("formats");

    [Theory]
    [MemberData(nameof(FormatFiles))]
    public void Preprocessing_any_supported_kind_equals_resizing_its_reference_decode(string file)
    {
        // JPEG (and top-down BMP) rows are resized as they are decoded; other kinds are decoded whole first.
        var entry = TestImages.Entry("formats", file);
        var width = entry.GetProperty("width").GetInt32();
        var height = entry.GetProperty("height").GetInt32();
        var expected = Normalise(PillowResize.ResizeBicubicPil(TestImages.Read(file + ".rgb"), width, height, 3, 224, 224, CoefficientRounding.TorchVision));

        var actual = Preprocessor().Preprocess(TestImages.Read(file), file);

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void Streaming_a_large_jpeg_gives_the_same_values_as_decoding_it_whole()
    {
        var jpeg = TestImages.Read("bench/photo_640x480.jpg");
        var rgb = TestImages.DecodeRgb("bench/photo_640x480.jpg", out var width, out var height);
        var resized = PillowResize.ResizeBicubicPil(rgb, width, height, 3, 224, 224, CoefficientRounding.TorchVision);

        var streamed = Preprocessor().Preprocess(jpeg, "photo.jpg");

        Assert.Equal(Normalise(resized), streamed);
    }

    [Fact]
    public void The_span_and_array_overloads_give_the_same_values()
    {
        var png = File.ReadAllBytes(TinyReference.Instance.ImagePath(1));
        var destination = new float[3 * Plane];

        Preprocessor().Preprocess(png, "pants", destination);

        Assert.Equal(Preprocessor().Preprocess(png, "pants"), destination);
    }

    [Fact]
    public async Task Concurrent_calls_on_one_instance_give_the_same_values_as_sequential_ones()
    {
        var reference = TinyReference.Instance;
        var preprocessor = Preprocessor();
        var images = Enumerable.Range(0, reference.Images.Length).Select(i => File.ReadAllBytes(reference.ImagePath(i))).ToArray();
        var sequential = images.Select((bytes, i) => preprocessor.Preprocess(bytes, reference.Images[i])).ToArray();

        var tasks = Enumerable.Range(0, 48).Select(n => Task.Run(() => (n % images.Length, preprocessor.Preprocess(images[n % images.Length], "image"))));
        var concurrent = await Task.WhenAll(tasks);

        Assert.All(concurrent, result => Assert.Equal(sequential[result.Item1], result.Item2));
    }

    [Fact]
    public void The_exif_orientation_is_ignored_by_default_as_in_the_reference()
    {
        var stored = Preprocessor().Preprocess(TestImages.Read("orientation/orientation1.jpg"), "upright.jpg");

        var rotated = Preprocessor().Preprocess(TestImages.Read("orientation/orientation6.jpg"), "rotated.jpg");

        Assert.Equal(stored, rotated);
    }

    [Fact]
    public void The_exif_orientation_is_turned_upright_before_resizing_when_asked()
    {
        // Orientation 6 stores the picture turned a quarter: upright it is 30 x 40 (Pillow's exif_transpose gives the reference).
        var upright = TestImages.Read("orientation/orientation6.jpg.rgb");
        var expected = Normalise(PillowResize.ResizeBicubicPil(upright, 30, 40, 3, 224, 224, CoefficientRounding.TorchVision));
        var preprocessor = new ImagePreprocessor(TestImages.TinyConfig, new ImagePreprocessorOptions { HonorExifOrientation = true });

        var actual = preprocessor.Preprocess(TestImages.Read("orientation/orientation6.jpg"), "rotated.jpg");

        Assert.Equal(expected, actual);
    }

    [Fact]
    public void An_empty_file_is_refused_as_empty()
    {
        var exception = Assert.Throws<InvalidImageException>(() => Preprocessor().Preprocess([], "empty.jpg"));

        Assert.Equal("empty.jpg", exception.ImageName);
        Assert.Equal("the file is empty", exception.Reason);
        Assert.Contains("empty.jpg", exception.Message);
    }

    [Theory]
    [InlineData("formats/rgb8.png")]
    [InlineData("formats/palette8.png")]
    [InlineData("formats/baseline.jpg")]
    [InlineData("formats/progressive.jpg")]
    [InlineData("bench/photo_640x480.jpg")]
    [InlineData("formats/transparent.gif")]
    [InlineData("formats/lossy.webp")]
    [InlineData("formats/rgb24.bmp")]
    [InlineData("formats/alpha.webp")]
    public void A_truncated_file_is_refused_as_truncated_or_corrupt(string file)
    {
        var bytes = TestImages.Read(file);
        var truncated = bytes[..(bytes.Length * 2 / 3)];

        var exception = Assert.Throws<InvalidImageException>(() => Preprocessor().Preprocess(truncated, file));

        Assert.Equal(file, exception.ImageName);
        Assert.StartsWith("truncated or corrupt image data", exception.Reason);
    }

    [Theory]
    [InlineData("formats/baseline.jpg")]
    [InlineData("formats/progressive.jpg")]
    public void A_jpeg_missing_only_its_end_marker_is_refused_as_pillow_does(string file)
    {
        var bytes = TestImages.Read(file);

        var exception = Assert.Throws<InvalidImageException>(() => Preprocessor().Preprocess(bytes.AsSpan(0, bytes.Length - 2), file));

        Assert.Equal("truncated or corrupt image data (the image data ends early: no end-of-image marker)", exception.Reason);
    }

    [Fact]
    public void A_cut_short_jpeg_is_refused_even_when_an_embedded_thumbnail_ends_properly()
    {
        // An APP1 (EXIF) segment holding a complete little JPEG, end marker included, before the real image.
        var jpeg = TestImages.Read("formats/baseline.jpg");
        byte[] thumbnail = [0xFF, 0xD8, 0xFF, 0xD9];
        byte[] app1 = [0xFF, 0xE1, 0, (byte)(2 + 6 + thumbnail.Length), .. "Exif\0\0"u8, .. thumbnail];
        byte[] withThumbnail = [0xFF, 0xD8, .. app1, .. jpeg.AsSpan(2)];

        var complete = Record.Exception(() => Preprocessor().Preprocess(withThumbnail, "thumb.jpg"));
        var exception = Assert.Throws<InvalidImageException>(() => Preprocessor().Preprocess(withThumbnail.AsSpan(0, withThumbnail.Length - 2), "thumb.jpg"));

        Assert.Null(complete);
        Assert.StartsWith("truncated or corrupt image data", exception.Reason);
    }

    [Fact]
    public void Bytes_after_a_complete_jpeg_are_ignored_as_pillow_does()
    {
        var bytes = TestImages.Read("formats/baseline.jpg");

        var values = Preprocessor().Preprocess([.. bytes, .. "trailing data"u8], "appended.jpg");

        Assert.Equal(Preprocessor().Preprocess(bytes, "plain.jpg"), values);
    }

    [Fact]
    public void A_text_file_named_like_a_jpeg_is_refused_as_not_an_image()
    {
        var text = "name,price\nshirt,10\n"u8.ToArray();

        var exception = Assert.Throws<InvalidImageException>(() => Preprocessor().Preprocess(text, "shirt.jpg"));

        Assert.Equal("shirt.jpg", exception.ImageName);
        Assert.StartsWith("not an image", exception.Reason);
    }

    [Theory]
    [InlineData("unsupported/image.tiff", "TIFF")]
    [InlineData("unsupported/image.ico", "ICO")]
    [InlineData("unsupported/image.svg", "SVG")]
    public void An_unsupported_format_is_refused_naming_the_format(string file, string format)
    {
        var exception = Assert.Throws<InvalidImageException>(() => Preprocessor().Preprocess(TestImages.Read(file), file));

        Assert.Equal($"not a supported image format (detected: {format}; supported: JPEG, PNG, WebP, GIF, BMP)", exception.Reason);
    }

    [Fact]
    public void A_png_declaring_100000_by_100000_pixels_is_refused_before_any_pixel_memory_is_allocated()
    {
        // The file is 33 bytes: a signature and an IHDR chunk. Decoding it would need 40 GB.
        var png = CraftedImages.PngHeader(100_000, 100_000);
        var preprocessor = Preprocessor();

        var destination = new float[preprocessor.OutputLength];

        // The first refusal also pays for loading and compiling the error path; measure a later one.
        Assert.Throws<InvalidImageException>(() => preprocessor.Preprocess(png, "bomb.png"));
        var before = GC.GetAllocatedBytesForCurrentThread();
        var intoArray = Assert.Throws<InvalidImageException>(() => preprocessor.Preprocess(png, "bomb.png"));
        var intoSpan = Assert.Throws<InvalidImageException>(() => preprocessor.Preprocess(png, "bomb.png", destination));
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal("image of 100000 x 100000 pixels exceeds the limit of 50000000 pixels", intoArray.Reason);
        Assert.Equal(intoArray.Reason, intoSpan.Reason);

        // Two exceptions and their messages: a few kilobytes, where the pixels would be 40 GB (and one result array 600 kB).
        Assert.InRange(allocated, 0, 16 * 1024);
    }

    [Fact]
    public void A_jpeg_declaring_more_pixels_than_the_configured_limit_is_refused()
    {
        var jpeg = CraftedImages.JpegDeclaring(TestImages.Read("formats/baseline.jpg"), 65_000, 60_000);

        var exception = Assert.Throws<InvalidImageException>(() => Preprocessor().Preprocess(jpeg, "big.jpg"));

        Assert.Equal("image of 65000 x 60000 pixels exceeds the limit of 50000000 pixels", exception.Reason);
    }

    [Theory]
    [InlineData(70_000, 10)]
    [InlineData(1, 50_000_000)]
    public void An_image_with_a_side_longer_than_65535_pixels_is_refused_even_within_the_pixel_limit(uint width, uint height)
    {
        // Shrinking 50 000 000 rows to 224 would need weights for 200 million of them.
        var png = CraftedImages.PngHeader(width, height);

        var exception = Assert.Throws<InvalidImageException>(() => Preprocessor().Preprocess(png, "strip.png"));

        Assert.Equal($"image of {width} x {height} pixels has a side longer than 65535 pixels", exception.Reason);
    }

    [Theory]
    [InlineData(1199, false)]
    [InlineData(1200, true)]
    public void The_pixel_limit_is_configurable(long maxPixels, bool accepted)
    {
        // 40 x 30 = 1200 pixels.
        var preprocessor = new ImagePreprocessor(TestImages.TinyConfig, new ImagePreprocessorOptions { MaxPixels = maxPixels });
        var png = TestImages.Read("formats/rgb8.png");

        var exception = Record.Exception(() => preprocessor.Preprocess(png, "small.png"));

        if (accepted)
        {
            Assert.Null(exception);
        }
        else
        {
            Assert.Equal("image of 40 x 30 pixels exceeds the limit of 1199 pixels", Assert.IsType<InvalidImageException>(exception).Reason);
        }
    }

    [Fact]
    public void A_refused_image_leaves_the_preprocessor_working()
    {
        var preprocessor = Preprocessor();
        var png = File.ReadAllBytes(TinyReference.Instance.ImagePath(2));
        var before = preprocessor.Preprocess(png, "shoe");

        Assert.Throws<InvalidImageException>(() => preprocessor.Preprocess(png.AsSpan(0, png.Length / 2), "cut"));

        Assert.Equal(before, preprocessor.Preprocess(png, "shoe"));
    }

    [Fact]
    public void Without_resizing_an_image_of_the_model_size_passes_and_another_size_is_refused()
    {
        var preprocessor = new ImagePreprocessor(TestImages.TinyConfig with { DoResize = false }, new ImagePreprocessorOptions());
        var reference = TinyReference.Instance;

        var exact = preprocessor.Preprocess(File.ReadAllBytes(reference.ImagePath(0)), reference.Images[0]);
        var exception = Assert.Throws<InvalidImageException>(() => preprocessor.Preprocess(File.ReadAllBytes(reference.ImagePath(1)), reference.Images[1]));

        Assert.InRange(Compare(reference.PixelValues.AsSpan(0, 3 * Plane), exact).Max, 0f, BitExactTolerance);
        Assert.Equal("image of 300 x 400 pixels does not match the model's 224 x 224 input, and the preprocessor config turns resizing off", exception.Reason);
    }

    [Fact]
    public void A_destination_of_the_wrong_length_is_refused()
    {
        var exception = Assert.Throws<ArgumentException>(() => Preprocessor().Preprocess(TestImages.Read("formats/rgb8.png"), "x", new float[10]));

        Assert.Equal("destination", exception.ParamName);
    }

    private static ImagePreprocessor Preprocessor() => new(TestImages.TinyConfig, new ImagePreprocessorOptions());

    private static float[] Normalise(byte[] rgb)
    {
        var normalizer = new PixelNormalizer(TestImages.TinyConfig);
        var rgba = new byte[rgb.Length / 3 * 4];
        for (var i = 0; i < rgb.Length / 3; i++)
        {
            rgb.AsSpan(i * 3, 3).CopyTo(rgba.AsSpan(i * 4));
        }

        var values = new float[rgb.Length];
        normalizer.Write(rgba, values);
        return values;
    }

    private static (float Max, float Mean) Compare(ReadOnlySpan<float> expected, ReadOnlySpan<float> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var max = 0f;
        var sum = 0.0;
        for (var i = 0; i < expected.Length; i++)
        {
            var difference = Math.Abs(expected[i] - actual[i]);
            max = Math.Max(max, difference);
            sum += difference;
        }

        return (max, (float)(sum / expected.Length));
    }
}
