using MultimodalSearch.Catalog.Providers;
using System.Numerics.Tensors;

namespace MultimodalSearch.Embedded;

/// <summary>
/// The candidate scan of one query: an item's score from the SIMD kernels (<see cref="TextScanKernel"/> for the text
/// part, <see cref="ImageScanKernel"/> for the photo part), weighted as <see cref="CatalogScoring.Score(CatalogQuery, ReadOnlySpan{float}, int)"/>
/// weights them, and a bound of its distance from the exact score. Immutable: shared by the threads of a search,
/// each with its own <see cref="Buffers"/>.
/// </summary>
internal sealed class QueryScan
{
    private readonly float[]? _text;
    private readonly ImageScanKernel? _image;
    private readonly QuantizedScanKernel? _quantized;
    private readonly float _textWeight;
    private readonly float _imageWeight;
    private readonly float _textNorm;
    private readonly float _queryNorm;
    private readonly int _queryRows;
    private readonly int _dimensions;
    private readonly ImageSimilarity _kind;

    private QueryScan(CatalogQuery query, int dimensions, bool quantized, bool? vnni)
    {
        _dimensions = dimensions;
        _textWeight = CatalogScoring.TextWeight(query);
        _imageWeight = CatalogScoring.ImageWeight(query);
        _kind = query.ImageSimilarity;
        if (_textWeight > 0)
        {
            _text = query.Text!.Vector.ToArray();
            _textNorm = TensorPrimitives.Norm(_text);
        }

        if (_imageWeight > 0)
        {
            var rows = query.Image!.Vectors.Span;
            _image = new ImageScanKernel(rows, dimensions, _kind);
            _queryRows = rows.Length / dimensions;
            if (quantized && QuantizedScanKernel.Supports(dimensions, _kind))
            {
                _quantized = new QuantizedScanKernel(rows, dimensions, _kind, vnni);
            }

            for (var offset = 0; offset < rows.Length; offset += dimensions)
            {
                // Slightly above the computed norm, which is itself rounded.
                _queryNorm = MathF.Max(_queryNorm, TensorPrimitives.Norm(rows.Slice(offset, dimensions)) * 1.001f);
            }
        }
    }

    /// <summary>Creates the scan of <paramref name="query"/>, or null when no kernel covers it (the search is then exhaustive).</summary>
    /// <param name="snapshot">The snapshot to search.</param>
    /// <param name="query">The query, already validated.</param>
    /// <param name="settings">Whether to scan photos on the snapshot's int8 copy, where it keeps one.</param>
    /// <returns>The scan, or null.</returns>
    public static QueryScan? For(CatalogSnapshot snapshot, CatalogQuery query, SearchSettings settings)
    {
        var dimensions = snapshot.Dimensions;
        if (!TextScanKernel.Supports(dimensions) || (CatalogScoring.ImageWeight(query) > 0 && !ImageScanKernel.Supports(dimensions, query.ImageSimilarity)))
        {
            return null;
        }

        return new QueryScan(query, dimensions, settings.Quantized && snapshot.Quantized, settings.Vnni);
    }

    /// <summary>Gets whether the photo part scans the int8 copy (<see cref="ScoreQuantized"/>): a photo query on a snapshot that keeps one.</summary>
    public bool Quantized => _quantized is not null;

    /// <summary>Creates one thread's buffers.</summary>
    /// <param name="snapshot">The snapshot searched.</param>
    /// <returns>The buffers.</returns>
    public Buffers CreateBuffers(CatalogSnapshot snapshot) =>
        new(_image is not null && snapshot.Precision == EmbeddedVectorPrecision.Float16 ? new float[snapshot.Dimensions * snapshot.QueryCount] : null, new float[_image?.ScratchLength ?? 0]);

    /// <summary>Scores one item, up to <see cref="ErrorBound(float)"/>.</summary>
    /// <param name="partition">The item's partition.</param>
    /// <param name="slot">The item's slot.</param>
    /// <param name="buffers">This thread's buffers.</param>
    /// <returns>The scan score.</returns>
    public float Score(CategoryPartition partition, int slot, Buffers buffers)
    {
        if (_image is null)
        {
            return TextScore(partition, slot);
        }

        ReadOnlySpan<float> item;
        if (buffers.Item is { } converted)
        {
            // Half to float is exact: the kernel sees the stored values.
            HalfConversion.ToSingle(partition.GetHalf(slot), converted);
            item = converted;
        }
        else
        {
            item = partition.GetSingle(slot);
        }

        var score = 0f;
        if (_textWeight > 0)
        {
            score += _textWeight * TextScanKernel.MaxDot(_text, item, _dimensions);
        }

        score += _imageWeight * _image.Score(item, buffers.Matches);
        return score / (_textWeight + _imageWeight);
    }

    /// <summary>Scores one item on its int8 copy (only where <see cref="Quantized"/>), the text part of a fused query on its float rows.</summary>
    /// <param name="partition">The item's partition.</param>
    /// <param name="slot">The item's slot.</param>
    /// <param name="buffers">This thread's buffers.</param>
    /// <param name="bound">Receives a bound of |scan score - exact score| for this item.</param>
    /// <returns>The scan score.</returns>
    public float ScoreQuantized(CategoryPartition partition, int slot, Buffers buffers, out float bound)
    {
        var copy = partition.Quantized!;
        var meta = copy.GetMeta(slot);
        var (rho, nu) = (meta[^2], meta[^1]);
        var image = _quantized!.Score(copy.GetCodes(slot), meta[..^2], buffers.Matches);
        var imageBound = _quantized.ErrorBound(rho, nu);
        var imageMagnitude = _quantized.QueryNorm * (rho + nu);
        if (_textWeight == 0)
        {
            bound = Weighted(0, imageBound, imageMagnitude, 0);
            return image;
        }

        var text = TextScore(partition, slot);
        bound = Weighted(TextScanKernel.ErrorBound(_textNorm, partition.MaxRowNorm, _dimensions), imageBound, imageMagnitude, _textNorm * partition.MaxRowNorm);
        return ((_textWeight * text) + (_imageWeight * image)) / (_textWeight + _imageWeight);
    }

    /// <summary>
    /// Bounds |scan score - exact score| for an item of a partition whose rows are at most
    /// <paramref name="maxRowNorm"/> long. Text only: <see cref="TextScanKernel.ErrorBound(float, float, int)"/>. With a photo:
    /// the weighted mean of the parts' bounds (each already twice the difference of the two summation orders), plus
    /// the rounding of the weighting itself on both sides (three operations of relative error u each on values at most
    /// max(|t|, |q|) x <paramref name="maxRowNorm"/> in size, counted as 16 u), scaled up by 0.1 % for the rounding of the bound.
    /// </summary>
    /// <param name="maxRowNorm">An upper bound of the L2 norm of every stored row of the partition.</param>
    /// <returns>The bound.</returns>
    public float ErrorBound(float maxRowNorm)
    {
        var text = _textWeight > 0 ? TextScanKernel.ErrorBound(_textNorm, maxRowNorm, _dimensions) : 0f;
        if (_image is null)
        {
            return text;
        }

        var image = ImageScanKernel.ErrorBound(_queryNorm, maxRowNorm, _dimensions, _queryRows, _kind);
        return Weighted(text, image, _queryNorm * maxRowNorm, _textNorm * maxRowNorm);
    }

    // The text part on the stored rows: float16 rows are converted in registers, in the one pass over them.
    private float TextScore(CategoryPartition partition, int slot) =>
        partition.Precision == EmbeddedVectorPrecision.Float16
            ? TextScanKernel.MaxDot(_text, partition.GetHalf(slot), _dimensions)
            : TextScanKernel.MaxDot(_text, partition.GetSingle(slot), _dimensions);

    // The weighted mean of the parts' bounds plus the weighting's rounding on values of the given magnitudes (see ErrorBound).
    private float Weighted(float text, float image, float imageMagnitude, float textMagnitude)
    {
        var magnitude = MathF.Max(textMagnitude, imageMagnitude) * 1.001f;
        var weighted = ((_textWeight * text) + (_imageWeight * image)) / (_textWeight + _imageWeight);
        return (weighted * 1.001f) + (16 * MathF.Pow(2, -24) * magnitude) + 1e-30f;
    }

    /// <summary>One thread's buffers.</summary>
    /// <param name="Item">Room for one item's rows as float32 (float16 stores with a photo query), or null.</param>
    /// <param name="Matches">The image kernel's scratch.</param>
    internal sealed record Buffers(float[]? Item, float[] Matches);
}
