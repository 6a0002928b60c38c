namespace MultimodalSearch.Evaluation;

/// <summary>How an evaluated query's results are ranked.</summary>
public enum ScoringMethod
{
    /// <summary>
    /// The store's own search (<see cref="ICatalogStore.SearchAsync(CatalogQuery, CancellationToken)"/>): BLIP-2's
    /// maximum over an item's query vectors for text, <see cref="ImageSimilarity.MeanOfBestMatches"/> for photos.
    /// </summary>
    Store = 0,

    /// <summary>
    /// One mean-pooled, re-normalised vector per item (<see cref="EmbeddingSimilarity.MeanPool(ImageEmbedding)"/>)
    /// and per photo, ranked by dot product over every item, in memory: the single-vector form most vector stores offer.
    /// </summary>
    MeanPooled = 1,

    /// <summary>
    /// The shopping workflow's composed search (<see cref="FashionSearchWorkflow"/>, offline classifier): the message is
    /// read for the category and attribute values it asks for and how it relates to the photo ("the same in red"), the
    /// photo and the text are searched together in the photo's category, and items with the requested values come first
    /// with the photo's other values kept. Photo + text queries only.
    /// </summary>
    Workflow = 2,
}
