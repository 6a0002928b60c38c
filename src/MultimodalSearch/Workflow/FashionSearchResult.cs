using System.Text.Json.Serialization;

namespace MultimodalSearch;

/// <summary>
/// The answer to one shopper request. Serialised with <see cref="System.Text.Json.JsonSerializer"/> it is the
/// CLI's <c>ask --json</c> contract: <c>{"categories","count","items":[{"id","name","category","score","image"}],"advice","classifiedBy","advisedBy",...,"timings"}</c>.
/// </summary>
public sealed record FashionSearchResult
{
    /// <summary>Gets the categories searched, in the order asked; empty when the whole catalog was searched.</summary>
    [JsonPropertyName("categories")]
    public required IReadOnlyList<string> Categories { get; init; }

    /// <summary>Gets how many items were wanted per category (or in all, when <see cref="Categories"/> is empty).</summary>
    [JsonPropertyName("count")]
    public required int Count { get; init; }

    /// <summary>Gets the items found: per category in the order of <see cref="Categories"/>, best first within each.</summary>
    [JsonPropertyName("items")]
    public required IReadOnlyList<FashionSearchItem> Items { get; init; }

    /// <summary>Gets the advice for the shopper.</summary>
    [JsonPropertyName("advice")]
    public required string Advice { get; init; }

    /// <summary>Gets which classifier produced the categories and count.</summary>
    [JsonPropertyName("classifiedBy")]
    public required ResultSource ClassifiedBy { get; init; }

    /// <summary>Gets which assistant wrote the advice.</summary>
    [JsonPropertyName("advisedBy")]
    public required ResultSource AdvisedBy { get; init; }

    /// <summary>Gets why the language model's classification was not used, when one was configured; otherwise null.</summary>
    [JsonPropertyName("classificationFallback")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClassificationFallbackReason { get; init; }

    /// <summary>Gets why the language model's advice was not used, when one was configured; otherwise null.</summary>
    [JsonPropertyName("adviceFallback")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AdviceFallbackReason { get; init; }

    /// <summary>
    /// Gets the catalog category the shopper's photo looks most like, when the message named no category and the
    /// other categories were searched to complete the outfit; otherwise null.
    /// </summary>
    [JsonPropertyName("photoCategory")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PhotoCategory { get; init; }

    /// <summary>Gets the attribute values searched for, by the catalog's attribute name (<c>baseColour</c> to <c>red</c>).</summary>
    [JsonPropertyName("attributes")]
    public IReadOnlyDictionary<string, string> Attributes { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets how the request related to its photo: like it (its category), to wear with it (other categories), or neither.</summary>
    [JsonPropertyName("relation")]
    public PhotoRelation Relation { get; init; }

    /// <summary>Gets how the request continued the conversation.</summary>
    [JsonPropertyName("followUp")]
    public FollowUpKind FollowUp { get; init; }

    /// <summary>Gets what the shopper asked for that the catalog does not have ("hat"); never replaced by another category.</summary>
    [JsonPropertyName("unmatched")]
    public IReadOnlyList<string> Unmatched { get; init; } = [];

    /// <summary>Gets follow-up messages the shopper might send next ("in black", "show me more", "what about shoes?"), drawn from the catalog.</summary>
    [JsonPropertyName("suggestions")]
    public IReadOnlyList<string> Suggestions { get; init; } = [];

    /// <summary>Gets the conversation including this request and what it showed: send it with the next request.</summary>
    [JsonPropertyName("conversation")]
    public FashionConversation Conversation { get; init; } = FashionConversation.Empty;

    /// <summary>Gets how long each stage took.</summary>
    [JsonPropertyName("timings")]
    public required FashionSearchTimings Timings { get; init; }

    /// <summary>Gets the items of one category, best first.</summary>
    /// <param name="category">The category.</param>
    /// <returns>The items; empty when none was found.</returns>
    public IReadOnlyList<FashionSearchItem> ItemsIn(string category) =>
        [.. Items.Where(item => string.Equals(item.Category, category, StringComparison.Ordinal))];
}
