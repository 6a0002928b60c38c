using System.Globalization;
using System.Text.Json;

namespace MultimodalSearch.Blip2.Imaging;

/// <summary>
/// The image processor settings of a Hugging Face model (<c>preprocessor_config.json</c>), with the
/// defaults of <c>BlipImageProcessor</c> for the keys a file leaves out.
/// </summary>
/// <param name="Width">The width images are resized to.</param>
/// <param name="Height">The height images are resized to.</param>
/// <param name="RescaleFactor">What 8-bit values are multiplied by (1/255).</param>
/// <param name="Mean">The per-channel mean subtracted after rescaling (R, G, B).</param>
/// <param name="Std">The per-channel standard deviation divided by after subtracting the mean (R, G, B).</param>
/// <param name="Resample">The Pillow resampling filter number (2 bilinear, 3 bicubic).</param>
/// <param name="DoResize">Whether images are resized to <paramref name="Width"/> x <paramref name="Height"/>.</param>
/// <param name="DoRescale">Whether values are multiplied by <paramref name="RescaleFactor"/>.</param>
/// <param name="DoNormalize">Whether values are normalised with <paramref name="Mean"/> and <paramref name="Std"/>.</param>
/// <param name="DoConvertRgb">Whether images are converted to RGB (they always are: the model takes 3 channels).</param>
internal sealed record PreprocessorConfig(
    int Width,
    int Height,
    float RescaleFactor,
    float[] Mean,
    float[] Std,
    int Resample,
    bool DoResize,
    bool DoRescale,
    bool DoNormalize,
    bool DoConvertRgb)
{
    /// <summary>The largest output side accepted: far above any vision model's input, and small enough that the intermediate image of a 65 535-row input stays under 2 GB.</summary>
    internal const int MaxSide = 4096;

    /// <summary>BlipImageProcessor's default size (384 x 384).</summary>
    internal const int DefaultSide = 384;

    /// <summary>OpenAI CLIP's channel means, BlipImageProcessor's default.</summary>
    internal static readonly float[] ClipMean = [0.48145466f, 0.4578275f, 0.40821073f];

    /// <summary>OpenAI CLIP's channel standard deviations, BlipImageProcessor's default.</summary>
    internal static readonly float[] ClipStd = [0.26862954f, 0.26130258f, 0.27577711f];

    /// <summary>Gets the resampling filter that <see cref="Resample"/> names.</summary>
    internal ResampleFilter Filter => (ResampleFilter)Resample;

    /// <summary>Reads and validates a <c>preprocessor_config.json</c>.</summary>
    /// <param name="path">The file's path.</param>
    /// <returns>The settings, with defaults for missing keys.</returns>
    /// <exception cref="EmbeddingModelException">The file is missing, is not JSON, or a key has a value this library does not support; the message names the file and the key.</exception>
    public static PreprocessorConfig Load(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        string json;
        try
        {
            json = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new EmbeddingModelException($"Cannot read the image preprocessor config '{path}': {ex.Message}", ex);
        }

        return Parse(json, path);
    }

    /// <summary>Parses the text of a <c>preprocessor_config.json</c>.</summary>
    /// <param name="json">The file's text.</param>
    /// <param name="source">The file's name, for error messages.</param>
    /// <returns>The settings, with defaults for missing keys.</returns>
    /// <exception cref="EmbeddingModelException">The text is not a JSON object or a key has an unsupported value.</exception>
    internal static PreprocessorConfig Parse(string json, string source)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, new JsonDocumentOptions { AllowTrailingCommas = true, CommentHandling = JsonCommentHandling.Skip });
        }
        catch (JsonException ex)
        {
            throw new EmbeddingModelException($"The image preprocessor config '{source}' is not valid JSON: {ex.Message}", ex);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new EmbeddingModelException($"The image preprocessor config '{source}' must be a JSON object, not {root.ValueKind}.");
            }

            var reader = new ConfigReader(root, source);
            if (reader.Bool("do_center_crop", false))
            {
                throw reader.Error("do_center_crop", "is true; center cropping is not supported (BLIP-2 resizes the whole image)");
            }

            var (width, height) = reader.Size();
            var resample = reader.Int("resample", (int)ResampleFilter.Bicubic);
            if (resample is not ((int)ResampleFilter.Bilinear or (int)ResampleFilter.Bicubic))
            {
                throw reader.Error("resample", $"is {resample}; supported: 2 (BILINEAR) and 3 (BICUBIC)");
            }

            var rescale = reader.Float("rescale_factor", 1f / 255f);
            if (!(rescale > 0f) || !float.IsFinite(rescale))
            {
                throw reader.Error("rescale_factor", $"is {rescale.ToString(CultureInfo.InvariantCulture)}; it must be a positive number");
            }

            var mean = reader.Channels("image_mean", ClipMean);
            var std = reader.Channels("image_std", ClipStd);
            if (Array.Exists(std, s => !(s > 0f)))
            {
                throw reader.Error("image_std", "has a value that is not positive; every channel's standard deviation must be > 0");
            }

            return new PreprocessorConfig(
                width,
                height,
                rescale,
                mean,
                std,
                resample,
                reader.Bool("do_resize", true),
                reader.Bool("do_rescale", true),
                reader.Bool("do_normalize", true),
                reader.Bool("do_convert_rgb", true));
        }
    }
}
