using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini.Mapping;

namespace MultimodalSearch.Gemini.Tests.Mapping;

public sealed class GeminiFinishReasonsTests
{
    [Theory]
    [InlineData("STOP", false, "stop")]
    [InlineData("STOP", true, "tool_calls")]
    [InlineData("MAX_TOKENS", false, "length")]
    [InlineData("SAFETY", false, "content_filter")]
    [InlineData("RECITATION", false, "content_filter")]
    [InlineData("BLOCKLIST", false, "content_filter")]
    [InlineData("PROHIBITED_CONTENT", false, "content_filter")]
    [InlineData("SPII", false, "content_filter")]
    [InlineData("IMAGE_SAFETY", false, "content_filter")]
    [InlineData("MALFORMED_FUNCTION_CALL", false, "MALFORMED_FUNCTION_CALL")]
    [InlineData("SOME_FUTURE_REASON", false, "SOME_FUTURE_REASON")]
    public void Finish_reasons_map_to_chat_finish_reasons_and_unknown_ones_pass_through(string reason, bool hasFunctionCall, string expected)
    {
        Assert.Equal(new ChatFinishReason(expected), GeminiFinishReasons.Map(reason, hasFunctionCall));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("FINISH_REASON_UNSPECIFIED")]
    public void Missing_finish_reason_maps_to_null(string? reason)
    {
        Assert.Null(GeminiFinishReasons.Map(reason, hasFunctionCall: false));
    }
}
