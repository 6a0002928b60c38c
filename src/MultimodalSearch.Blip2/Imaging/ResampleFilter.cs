namespace MultimodalSearch.Blip2.Imaging;

/// <summary>The resampling filters the preprocessor implements, numbered as Pillow's <c>Image.Resampling</c>.</summary>
internal enum ResampleFilter
{
    /// <summary>Triangle filter, support 1 (Pillow <c>BILINEAR</c> = 2).</summary>
    Bilinear = 2,

    /// <summary>Keys cubic convolution with a = -0.5, support 2 (Pillow <c>BICUBIC</c> = 3).</summary>
    Bicubic = 3,
}
