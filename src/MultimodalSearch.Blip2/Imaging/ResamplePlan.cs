namespace MultimodalSearch.Blip2.Imaging;

/// <summary>
/// How one input size is resized to the output size in Pillow's two passes: horizontal first (only over
/// the rows the vertical pass reads), into an intermediate image, then vertical. A pass whose size does not
/// change is skipped, as in Pillow.
/// </summary>
internal sealed class ResamplePlan
{
    private readonly ResampleKernel? _horizontal;
    private readonly ResampleKernel? _vertical;

    /// <summary>Creates the plan.</summary>
    /// <param name="inWidth">The input width.</param>
    /// <param name="inHeight">The input height.</param>
    /// <param name="outWidth">The output width.</param>
    /// <param name="outHeight">The output height.</param>
    /// <param name="filter">The filter.</param>
    /// <param name="rounding">How weights become integers.</param>
    public ResamplePlan(int inWidth, int inHeight, int outWidth, int outHeight, ResampleFilter filter, CoefficientRounding rounding)
    {
        InWidth = inWidth;
        InHeight = inHeight;
        OutWidth = outWidth;
        OutHeight = outHeight;
        _horizontal = inWidth != outWidth ? ResampleKernel.For(inWidth, outWidth, filter, rounding) : null;
        _vertical = inHeight != outHeight ? ResampleKernel.For(inHeight, outHeight, filter, rounding) : null;
        FirstRow = _vertical?.FirstInput ?? 0;
        EndRow = _vertical?.EndInput ?? inHeight;
    }

    /// <summary>Gets the input width.</summary>
    public int InWidth { get; }

    /// <summary>Gets the input height.</summary>
    public int InHeight { get; }

    /// <summary>Gets the output width.</summary>
    public int OutWidth { get; }

    /// <summary>Gets the output height.</summary>
    public int OutHeight { get; }

    /// <summary>Gets the first input row the output depends on.</summary>
    public int FirstRow { get; }

    /// <summary>Gets one past the last input row the output depends on.</summary>
    public int EndRow { get; }

    /// <summary>Gets the size in bytes of the intermediate image (rows <see cref="FirstRow"/> to <see cref="EndRow"/> at the output width).</summary>
    public int IntermediateBytes => (EndRow - FirstRow) * OutWidth * 4;

    /// <summary>Gets the size in bytes of the output image.</summary>
    public int OutputBytes => OutHeight * OutWidth * 4;

    /// <summary>Gets or sets a value indicating whether the SIMD passes may run (tests turn them off to compare).</summary>
    public bool UseSimd { get; init; } = true;

    /// <summary>Gets a value indicating whether the width changes (so the intermediate image differs from the input rows).</summary>
    public bool ResizesWidth => _horizontal is not null;

    /// <summary>Runs the horizontal pass on consecutive input rows, writing their rows of the intermediate image.</summary>
    /// <param name="rows">Input rows (4-byte pixels) starting at input row <paramref name="firstRow"/>.</param>
    /// <param name="firstRow">The index of the first row, at least <see cref="FirstRow"/>.</param>
    /// <param name="count">The number of rows.</param>
    /// <param name="intermediate">The whole intermediate image.</param>
    public void ResampleRows(ReadOnlySpan<byte> rows, int firstRow, int count, Span<byte> intermediate)
    {
        var target = intermediate[((firstRow - FirstRow) * OutWidth * 4)..];
        if (_horizontal is null)
        {
            rows[..(count * InWidth * 4)].CopyTo(target);
            return;
        }

        HorizontalPass.Run(rows, count, _horizontal, target, UseSimd);
    }

    /// <summary>Runs the vertical pass from the finished intermediate image.</summary>
    /// <param name="intermediate">The intermediate image.</param>
    /// <param name="output">The output image.</param>
    public void ResampleColumns(ReadOnlySpan<byte> intermediate, Span<byte> output)
    {
        if (_vertical is null)
        {
            intermediate[..OutputBytes].CopyTo(output);
            return;
        }

        VerticalPass.Run(intermediate, OutWidth * 4, FirstRow, _vertical, output, UseSimd);
    }
}
