namespace MultimodalSearch.Blip2.Imaging;

/// <summary>The encoded image formats the preprocessor decodes.</summary>
internal enum ImageFormat
{
    /// <summary>JPEG (baseline, progressive; greyscale, YCbCr, CMYK).</summary>
    Jpeg,

    /// <summary>PNG (1 to 16 bits; grey, grey + alpha, palette, RGB, RGBA).</summary>
    Png,

    /// <summary>WebP (lossy, lossless, with or without alpha).</summary>
    WebP,

    /// <summary>GIF (the first frame).</summary>
    Gif,

    /// <summary>Windows BMP.</summary>
    Bmp,
}
