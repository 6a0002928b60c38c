namespace MultimodalSearch;

/// <summary>What an embedding model produces.</summary>
/// <param name="Name">A name for the model (its directory or identifier).</param>
/// <param name="Dimensions">The width of every vector (256 for BLIP-2).</param>
/// <param name="QueryCount">The number of query vectors per image (32 for BLIP-2).</param>
/// <param name="MaxTextTokens">The most tokens a text may have, special tokens included; longer texts are truncated.</param>
public sealed record EmbeddingModelInfo(string Name, int Dimensions, int QueryCount, int MaxTextTokens);
