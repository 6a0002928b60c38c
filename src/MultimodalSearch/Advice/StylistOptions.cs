namespace MultimodalSearch;

/// <summary>Options of the stylist assistants, bound from <c>MultimodalSearch:Stylist</c>.</summary>
public sealed class StylistOptions
{
    /// <summary>The configuration section, under <c>MultimodalSearch</c>.</summary>
    public const string SectionName = "Stylist";

    /// <summary>Gets or sets the most images sent to the language model, the shopper's photo included (default 8).</summary>
    public int MaxImages { get; set; } = 8;

    /// <summary>Gets or sets the most image bytes sent to the language model in one request (default 2,000,000); images that do not fit are left out.</summary>
    public int MaxImageBytesTotal { get; set; } = 2_000_000;

    /// <summary>Gets or sets the longest side, in pixels, of the images sent when an <see cref="IImageThumbnailer"/> is registered (default 512).</summary>
    public int ImageMaxSide { get; set; } = 512;

    /// <summary>Gets or sets the folder that relative item image locations are relative to (default: the current directory).</summary>
    public string? ImageBaseDirectory { get; set; }

    /// <summary>Gets or sets the longest advice accepted from the language model, in characters (default 4000); longer advice is cut at a word.</summary>
    public int MaxAnswerLength { get; set; } = 4000;

    /// <summary>Gets or sets how long the language model may take before the template answers instead (default 30 s).</summary>
    public TimeSpan LlmTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
