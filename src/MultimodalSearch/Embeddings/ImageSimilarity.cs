namespace MultimodalSearch;

/// <summary>How two images, each a set of query vectors, are compared.</summary>
public enum ImageSimilarity
{
    /// <summary>
    /// For each query vector of the photo, the best dot product with any query vector of the item,
    /// averaged over the photo's query vectors (a Chamfer-style set similarity).
    /// </summary>
    MeanOfBestMatches = 0,

    /// <summary>The best dot product over all pairs of query vectors.</summary>
    BestPair = 1,

    /// <summary>The cosine of the two mean-pooled vectors.</summary>
    MeanPooledCosine = 2,
}
