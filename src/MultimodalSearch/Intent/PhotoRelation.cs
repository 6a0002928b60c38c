using System.Text.Json.Serialization;

namespace MultimodalSearch;

/// <summary>How a shopper's message relates to the photo it is about.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<PhotoRelation>))]
public enum PhotoRelation
{
    /// <summary>No photo, or the message does not say how it relates to it (the photo is one more search signal).</summary>
    [JsonStringEnumMemberName("none")]
    None = 0,

    /// <summary>The shopper wants products like the photo, perhaps changed ("like this", "the same in red", "this in blue"): the photo's category.</summary>
    [JsonStringEnumMemberName("similar")]
    Similar = 1,

    /// <summary>The shopper wants products to wear with the photo ("what goes with this?", "complete the outfit"): other categories.</summary>
    [JsonStringEnumMemberName("complement")]
    Complement = 2,
}
