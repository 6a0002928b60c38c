namespace MultimodalSearch;

/// <summary>A piece of the advice as it is written; the pieces in order make the advice (the completed result's <see cref="FashionSearchResult.Advice"/> is authoritative).</summary>
/// <param name="Text">The next piece of text.</param>
public sealed record FashionSearchAdviceUpdate(string Text) : FashionSearchUpdate;
