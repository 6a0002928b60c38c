using System.Text.Json;
using MultimodalSearch.Blip2.Imaging;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Blip2.Tests.Imaging;

/// <summary>The generated images in tests/data/images (see generate.py there) and their reference decodes.</summary>
internal static class TestImages
{
    private static readonly Lazy<JsonElement> ManifestRoot = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(Root, "manifest.json"))).RootElement);

    public static string Root => Path.Combine(TestPaths.RepositoryRoot, "tests", "data", "images");

    public static JsonElement Manifest => ManifestRoot.Value;

    /// <summary>Gets the tiny model's preprocessing settings (224 x 224, bicubic, CLIP mean and std).</summary>
    public static PreprocessorConfig TinyConfig { get; } = PreprocessorConfig.Load(Path.Combine(TestPaths.TinyModel, "preprocessor_config.json"));

    public static byte[] Read(string relativePath) => File.ReadAllBytes(Path.Combine(Root, relativePath));

    public static IEnumerable<JsonElement> Entries(string section) => Manifest.GetProperty(section).EnumerateArray();

    /// <summary>Gets the files of a manifest section, as theory data.</summary>
    public static TheoryData<string> Files(string section)
    {
        var data = new TheoryData<string>();
        foreach (var entry in Entries(section))
        {
            data.Add(entry.GetProperty("file").GetString()!);
        }

        return data;
    }

    public static JsonElement Entry(string section, string file) =>
        Entries(section).Single(e => e.GetProperty("file").GetString() == file);

    /// <summary>Decodes with the library, as the preprocessor does before resizing.</summary>
    public static byte[] DecodeRgb(string relativePath, out int width, out int height, bool honorExif = false) =>
        ImageDecoder.DecodeRgb(Read(relativePath), relativePath, new ImagePreprocessorOptions { HonorExifOrientation = honorExif }, out width, out height);

    /// <summary>Gets the largest absolute difference between two byte arrays of the same length.</summary>
    public static int MaxDifference(ReadOnlySpan<byte> expected, ReadOnlySpan<byte> actual)
    {
        Assert.Equal(expected.Length, actual.Length);
        var max = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        }

        return max;
    }

    /// <summary>A deterministic pseudo-random image.</summary>
    public static byte[] Noise(int width, int height, int channels, int seed)
    {
        var pixels = new byte[width * height * channels];
        new Random(seed).NextBytes(pixels);
        return pixels;
    }
}
