namespace MultimodalSearch.Embedded;

/// <summary>How <see cref="CatalogSearcher"/> runs a search: the store's options, resolved once.</summary>
/// <param name="MaxParallelism">The most threads one search uses.</param>
/// <param name="RescoreFactor">0: exact results (the store's search); N &gt; 0: photo queries on the int8 copy re-score only the N x k best by int8 score, approximate (benchmarks only: measured at most 1.17x faster than the exact cut in CPU time).</param>
/// <param name="Quantized">Whether photo queries use the int8 copy where the snapshot keeps one (false: the float kernel, for comparisons).</param>
/// <param name="Vnni">An override of AVX-VNNI detection for the int8 kernel (tests), or null.</param>
internal sealed record SearchSettings(int MaxParallelism, int RescoreFactor = 0, bool Quantized = true, bool? Vnni = null);
