using System.Text.Json.Serialization;

namespace MultimodalSearch;

/// <summary>How a message continues the conversation before it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FollowUpKind>))]
public enum FollowUpKind
{
    /// <summary>A request of its own: nothing carries over from earlier turns.</summary>
    [JsonStringEnumMemberName("new")]
    New = 0,

    /// <summary>A change to the previous request ("in red instead", "what about shoes?"): its photo and unchanged parts carry over.</summary>
    [JsonStringEnumMemberName("refine")]
    Refine = 1,

    /// <summary>More of the previous request ("show me more", "two more"): nothing already shown in the conversation comes again.</summary>
    [JsonStringEnumMemberName("more")]
    More = 2,
}
