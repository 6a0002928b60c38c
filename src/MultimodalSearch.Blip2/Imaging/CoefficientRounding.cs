namespace MultimodalSearch.Blip2.Imaging;

/// <summary>
/// How the resampling weights are turned into fixed-point integers. Both run Pillow's separable
/// algorithm (horizontal pass, then vertical, each rounded and clipped to 8 bits); they differ only in the
/// precision of the weights, which moves some output values by one grey level.
/// </summary>
internal enum CoefficientRounding
{
    /// <summary>
    /// torchvision's uint8 antialiased resize (what Hugging Face's fast image processors run): weights scaled
    /// to fit 16 bits, with the most precision that keeps the largest weight below 2^15. This is what
    /// produced the reference preprocessing of the BLIP-2 fixtures (bit for bit).
    /// </summary>
    TorchVision,

    /// <summary>Pillow's <c>Image.resize</c>: 22 fractional bits (<c>PRECISION_BITS = 32 - 8 - 2</c>).</summary>
    Pillow,
}
