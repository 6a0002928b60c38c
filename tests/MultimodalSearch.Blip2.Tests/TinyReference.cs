using System.Text.Json;
using MultimodalSearch.Testing;

namespace MultimodalSearch.Blip2.Tests;

/// <summary>The recorded outputs of the reference implementation for tests/data/blip2-tiny.</summary>
internal sealed class TinyReference
{
    private static readonly Lazy<TinyReference> Shared = new(() => new TinyReference());

    private TinyReference()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(Path.Combine(TestPaths.TinyModel, "reference.json")));
        var root = document.RootElement;
        Texts = root.GetProperty("texts").EnumerateArray().Select(e => e.GetString()!).ToArray();
        TokenIds = root.GetProperty("token_ids").GetProperty("tokenizers_wordpiece").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();
        Images = root.GetProperty("images").EnumerateArray().Select(e => e.GetString()!).ToArray();
        ImageEmbeds = root.GetProperty("image_embeds").EnumerateArray()
            .Select(image => image.EnumerateArray().SelectMany(q => q.EnumerateArray().Select(x => x.GetSingle())).ToArray()).ToArray();
        TextEmbedsCls = ReadMatrix(root.GetProperty("text_embeds_cls"));
        ItcMaxOverQueries = ReadMatrix(root.GetProperty("itc_max_over_queries"));

        var bytes = File.ReadAllBytes(Path.Combine(TestPaths.TinyModel, "pixel_values.f32"));
        PixelValues = new float[bytes.Length / 4];
        Buffer.BlockCopy(bytes, 0, PixelValues, 0, bytes.Length);
    }

    public static TinyReference Instance => Shared.Value;

    public string[] Texts { get; }

    public int[][] TokenIds { get; }

    public string[] Images { get; }

    /// <summary>Gets the image embeddings, [image][32 * 256] row-major.</summary>
    public float[][] ImageEmbeds { get; }

    public float[][] TextEmbedsCls { get; }

    /// <summary>Gets the BLIP-2 image-text scores, [image][text].</summary>
    public float[][] ItcMaxOverQueries { get; }

    /// <summary>Gets the reference image processor's output for all images, [image][3][224][224] flattened.</summary>
    public float[] PixelValues { get; }

    public string ImagePath(int index) => Path.Combine(TestPaths.TinyModel, "images", Images[index]);

    private static float[][] ReadMatrix(JsonElement element) =>
        element.EnumerateArray().Select(row => row.EnumerateArray().Select(x => x.GetSingle()).ToArray()).ToArray();
}
