namespace MultimodalSearch.Ingestion;

/// <summary>The values of the <c>multimodal_search.ingestion.outcome</c> tag.</summary>
internal static class IngestionOutcome
{
    /// <summary>Embedded and written to the store.</summary>
    public const string Indexed = "indexed";

    /// <summary>Skipped: the store holds it with the same content hash.</summary>
    public const string Unchanged = "unchanged";

    /// <summary>Not indexed: unreadable, not an image, a duplicate id, or the model failed on it.</summary>
    public const string Failed = "failed";
}
