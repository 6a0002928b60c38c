using System.Text.Json.Serialization;

namespace MultimodalSearch;

/// <summary>Where a part of a result came from: the language model, or the deterministic offline code.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ResultSource>))]
public enum ResultSource
{
    /// <summary>The offline implementation: no language model is configured, or the model's answer was not usable.</summary>
    [JsonStringEnumMemberName("offline")]
    Offline = 0,

    /// <summary>The language model (<see cref="Microsoft.Extensions.AI.IChatClient"/>), its answer validated.</summary>
    [JsonStringEnumMemberName("llm")]
    Llm = 1,
}
