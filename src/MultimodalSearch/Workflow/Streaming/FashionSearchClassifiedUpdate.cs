namespace MultimodalSearch;

/// <summary>What the request asks for, resolved against the conversation, before anything is searched.</summary>
/// <param name="Categories">The categories that will be searched; empty for the whole catalog (or nothing, when only unmatched things were asked for).</param>
/// <param name="Count">How many items per category.</param>
/// <param name="Attributes">The attribute values asked for.</param>
/// <param name="Relation">How the request relates to its photo.</param>
/// <param name="Unmatched">What the catalog does not have.</param>
/// <param name="PhotoCategory">The category the photo looks most like, when it was worked out.</param>
/// <param name="ClassifiedBy">Which classifier answered.</param>
public sealed record FashionSearchClassifiedUpdate(
    IReadOnlyList<string> Categories,
    int Count,
    IReadOnlyDictionary<string, string> Attributes,
    PhotoRelation Relation,
    IReadOnlyList<string> Unmatched,
    string? PhotoCategory,
    ResultSource ClassifiedBy) : FashionSearchUpdate;
