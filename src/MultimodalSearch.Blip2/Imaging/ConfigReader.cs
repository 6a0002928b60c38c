using System.Text.Json;

namespace MultimodalSearch.Blip2.Imaging;

/// <summary>Reads typed keys of a <c>preprocessor_config.json</c> object, naming the file and key in every error.</summary>
internal readonly struct ConfigReader(JsonElement root, string source)
{
    /// <summary>Creates the error for a key whose value is not supported.</summary>
    /// <param name="key">The key.</param>
    /// <param name="problem">What is wrong with its value, starting with a verb.</param>
    /// <returns>The exception to throw.</returns>
    public EmbeddingModelException Error(string key, string problem) =>
        new($"The image preprocessor config '{source}': '{key}' {problem}.");

    /// <summary>Reads a boolean key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fallback">The value when the key is missing or null.</param>
    /// <returns>The value.</returns>
    public bool Bool(string key, bool fallback) => Get(key) switch
    {
        null => fallback,
        { ValueKind: JsonValueKind.True } => true,
        { ValueKind: JsonValueKind.False } => false,
        var other => throw Error(key, $"must be true or false, not {other.Value.GetRawText()}"),
    };

    /// <summary>Reads an integer key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fallback">The value when the key is missing or null.</param>
    /// <returns>The value.</returns>
    public int Int(string key, int fallback) => Get(key) is { } value ? ToInt(key, value) : fallback;

    /// <summary>Reads a number key.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fallback">The value when the key is missing or null.</param>
    /// <returns>The value.</returns>
    public float Float(string key, float fallback) => Get(key) is { } value ? ToFloat(key, value) : fallback;

    /// <summary>Reads a per-channel key: a list of three numbers, or one number for all three channels.</summary>
    /// <param name="key">The key.</param>
    /// <param name="fallback">The value when the key is missing or null (copied).</param>
    /// <returns>Three values (R, G, B).</returns>
    public float[] Channels(string key, float[] fallback)
    {
        var value = Get(key);
        if (value is null)
        {
            return (float[])fallback.Clone();
        }

        if (value.Value.ValueKind == JsonValueKind.Number)
        {
            var one = ToFloat(key, value.Value);
            return [one, one, one];
        }

        if (value.Value.ValueKind != JsonValueKind.Array || value.Value.GetArrayLength() != 3)
        {
            throw Error(key, $"must be a list of 3 numbers (R, G, B), not {value.Value.GetRawText()}");
        }

        var result = new float[3];
        var i = 0;
        foreach (var item in value.Value.EnumerateArray())
        {
            result[i++] = ToFloat(key, item);
        }

        return result;
    }

    /// <summary>
    /// Reads <c>size</c>: <c>{"height", "width"}</c>, <c>{"shortest_edge"}</c> or a bare number. A shortest
    /// edge becomes a square, as BlipImageProcessor resizes to a fixed size and the vision model takes one.
    /// </summary>
    /// <returns>The output width and height.</returns>
    public (int Width, int Height) Size()
    {
        const string Key = "size";
        var value = Get(Key);
        if (value is null)
        {
            return (PreprocessorConfig.DefaultSide, PreprocessorConfig.DefaultSide);
        }

        var size = value.Value;
        if (size.ValueKind == JsonValueKind.Number)
        {
            var side = Side(Key, size);
            return (side, side);
        }

        if (size.ValueKind == JsonValueKind.Object)
        {
            var hasHeight = size.TryGetProperty("height", out var height);
            var hasWidth = size.TryGetProperty("width", out var width);
            if (hasHeight && hasWidth)
            {
                return (Side("size.width", width), Side("size.height", height));
            }

            if (size.TryGetProperty("shortest_edge", out var edge))
            {
                var side = Side("size.shortest_edge", edge);
                return (side, side);
            }
        }

        throw Error(Key, $"must be {{\"height\": H, \"width\": W}}, {{\"shortest_edge\": N}} or a number, not {size.GetRawText()}");
    }

    private int Side(string key, JsonElement value)
    {
        var side = ToInt(key, value);
        if (side is < 1 or > PreprocessorConfig.MaxSide)
        {
            throw Error(key, $"is {side}; it must be between 1 and {PreprocessorConfig.MaxSide}");
        }

        return side;
    }

    private JsonElement? Get(string key) =>
        root.TryGetProperty(key, out var value) && value.ValueKind != JsonValueKind.Null ? value : null;

    private int ToInt(string key, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var number)
            ? number
            : throw Error(key, $"must be an integer, not {value.GetRawText()}");

    private float ToFloat(string key, JsonElement value) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out var number) && double.IsFinite(number)
            ? (float)number
            : throw Error(key, $"must be a number, not {value.GetRawText()}");
}
