using System.Text.Json.Serialization;
using MultimodalSearch;

namespace FashionSearch.Web.Api;

/// <summary>
/// The answer of <c>POST /api/ask</c> (and the <c>done</c> event of the stream): the library's <c>ask</c> contract with
/// image URLs instead of server paths, plus the conversation to send back with the next turn.
/// </summary>
internal sealed record AskResponse
{
    /// <summary>Gets the categories searched (empty: the whole catalog).</summary>
    [JsonPropertyName("categories")]
    public required IReadOnlyList<string> Categories { get; init; }

    /// <summary>Gets the items wanted per category.</summary>
    [JsonPropertyName("count")]
    public required int Count { get; init; }

    /// <summary>Gets the products found, per category, best first.</summary>
    [JsonPropertyName("items")]
    public required IReadOnlyList<ItemView> Items { get; init; }

    /// <summary>Gets the advice.</summary>
    [JsonPropertyName("advice")]
    public required string Advice { get; init; }

    /// <summary>Gets who classified: llm or offline.</summary>
    [JsonPropertyName("classifiedBy")]
    public required ResultSource ClassifiedBy { get; init; }

    /// <summary>Gets who advised: llm or offline.</summary>
    [JsonPropertyName("advisedBy")]
    public required ResultSource AdvisedBy { get; init; }

    /// <summary>Gets why the language model's classification was not used, when one is configured.</summary>
    [JsonPropertyName("classificationFallback")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? ClassificationFallbackReason { get; init; }

    /// <summary>Gets why the language model's advice was not used, when one is configured.</summary>
    [JsonPropertyName("adviceFallback")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? AdviceFallbackReason { get; init; }

    /// <summary>Gets the attribute values asked for (colour, pattern, ...).</summary>
    [JsonPropertyName("attributes")]
    public required IReadOnlyDictionary<string, string> Attributes { get; init; }

    /// <summary>Gets how the request relates to its photo: none, similar or complement.</summary>
    [JsonPropertyName("relation")]
    public required PhotoRelation Relation { get; init; }

    /// <summary>Gets what kind of follow-up the message was.</summary>
    [JsonPropertyName("followUp")]
    public required FollowUpKind FollowUp { get; init; }

    /// <summary>Gets what the shopper asked for that the shop does not carry.</summary>
    [JsonPropertyName("unmatched")]
    public required IReadOnlyList<string> Unmatched { get; init; }

    /// <summary>Gets follow-ups to offer as chips ("in black", "show me more", ...).</summary>
    [JsonPropertyName("suggestions")]
    public required IReadOnlyList<string> Suggestions { get; init; }

    /// <summary>Gets the conversation including this turn: send it back as the <c>conversation</c> field of the next turn.</summary>
    [JsonPropertyName("conversation")]
    public required FashionConversation Conversation { get; init; }

    /// <summary>Gets the category the photo looks most like, when the outfit was completed around it.</summary>
    [JsonPropertyName("photoCategory")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PhotoCategory { get; init; }

    /// <summary>Gets the id under which this turn's uploaded photo is kept for follow-ups (recorded in the conversation too).</summary>
    [JsonPropertyName("photoReference")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? PhotoReference { get; init; }

    /// <summary>Gets how long each stage took.</summary>
    [JsonPropertyName("timings")]
    public required FashionSearchTimings Timings { get; init; }

    /// <summary>Maps a workflow result.</summary>
    /// <param name="result">The result.</param>
    /// <param name="photoReference">The upload's id, if this turn uploaded a photo.</param>
    /// <returns>The response.</returns>
    public static AskResponse From(FashionSearchResult result, string? photoReference) => new()
    {
        Categories = result.Categories,
        Count = result.Count,
        Items = [.. result.Items.Select(ItemView.From)],
        Advice = result.Advice,
        ClassifiedBy = result.ClassifiedBy,
        AdvisedBy = result.AdvisedBy,
        ClassificationFallbackReason = result.ClassificationFallbackReason,
        AdviceFallbackReason = result.AdviceFallbackReason,
        Attributes = result.Attributes,
        Relation = result.Relation,
        FollowUp = result.FollowUp,
        Unmatched = result.Unmatched,
        Suggestions = result.Suggestions,
        Conversation = result.Conversation,
        PhotoCategory = result.PhotoCategory,
        PhotoReference = photoReference,
        Timings = result.Timings,
    };
}
