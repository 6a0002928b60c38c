using Microsoft.Extensions.AI;

namespace MultimodalSearch.Gemini.Tests;

/// <summary>Bad input fails before any request, with an error that names the problem.</summary>
public sealed class GeminiChatClientArgumentTests : IDisposable
{
    // Port 9 (discard) on loopback: nothing is listening, and no test here may reach the network anyway.
    private readonly GeminiChatClient _client = new(new GeminiClientOptions { ApiKey = "k", Endpoint = new Uri("http://127.0.0.1:9"), MaxRetries = 0 });

    public void Dispose() => _client.Dispose();

    [Fact]
    public void Invalid_options_are_rejected_by_the_constructor_with_every_problem()
    {
        var error = Assert.Throws<ArgumentException>(() => new GeminiChatClient(new GeminiClientOptions { ApiKey = "k", Project = "p", MaxRetries = 99 }));

        Assert.Equal("options", error.ParamName);
        Assert.Contains("Both", error.Message);
        Assert.Contains("MaxRetries", error.Message);
        Assert.Throws<ArgumentNullException>("options", () => new GeminiChatClient(null!));
    }

    [Fact]
    public async Task Null_messages_are_rejected_for_both_calls()
    {
        await Assert.ThrowsAsync<ArgumentNullException>("messages", () => _client.GetResponseAsync((IEnumerable<ChatMessage>)null!));
        Assert.Throws<ArgumentNullException>("messages", () => _client.GetStreamingResponseAsync((IEnumerable<ChatMessage>)null!));
        Assert.Throws<ArgumentNullException>("serviceType", () => _client.GetService(null!));
    }

    [Fact]
    public async Task Conversation_with_only_system_text_is_rejected()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>("messages", () => _client.GetResponseAsync([new ChatMessage(ChatRole.System, "Be nice.")]));

        Assert.Contains("no user or assistant message", error.Message);
    }

    [Fact]
    public void Streaming_rejects_bad_input_when_called_not_when_enumerated()
    {
        Assert.Throws<ArgumentException>("messages", () => _client.GetStreamingResponseAsync([new ChatMessage(ChatRole.User, string.Empty)]));
    }

    [Fact]
    public async Task Function_result_without_its_call_is_rejected_because_gemini_needs_the_name()
    {
        ChatMessage[] conversation = [new(ChatRole.User, "Hi"), new(ChatRole.Tool, [new FunctionResultContent("call-1", "x")])];

        var error = await Assert.ThrowsAsync<ArgumentException>("messages", () => _client.GetResponseAsync(conversation));

        Assert.Contains("call-1", error.Message);
    }

    [Fact]
    public async Task Unknown_role_is_rejected()
    {
        var error = await Assert.ThrowsAsync<ArgumentException>("messages", () => _client.GetResponseAsync([new ChatMessage(new ChatRole("critic"), "Hi")]));

        Assert.Contains("critic", error.Message);
    }

    [Fact]
    public async Task Images_in_a_system_message_are_not_supported()
    {
        var system = new ChatMessage(ChatRole.System, [new DataContent(new byte[] { 1 }, "image/png")]);

        var error = await Assert.ThrowsAsync<NotSupportedException>(() => _client.GetResponseAsync([system, new ChatMessage(ChatRole.User, "Hi")]));

        Assert.Contains("system message", error.Message);
    }

    [Fact]
    public async Task Content_and_tools_gemini_cannot_take_are_not_supported()
    {
        var hostedFile = new ChatMessage(ChatRole.User, [new HostedFileContent("file-1")]);

        var contentError = await Assert.ThrowsAsync<NotSupportedException>(() => _client.GetResponseAsync([hostedFile]));
        var toolError = await Assert.ThrowsAsync<NotSupportedException>(() => _client.GetResponseAsync("Hi", new ChatOptions { Tools = [new HostedWebSearchTool()] }));

        Assert.Contains(nameof(HostedFileContent), contentError.Message);
        Assert.Contains(nameof(HostedWebSearchTool), toolError.Message);
    }

    [Fact]
    public async Task Seed_beyond_32_bits_and_bad_model_ids_are_rejected()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => _client.GetResponseAsync("Hi", new ChatOptions { Seed = long.MaxValue }));
        await Assert.ThrowsAsync<ArgumentException>("model", () => _client.GetResponseAsync("Hi", new ChatOptions { ModelId = "../../admin" }));
    }

    [Fact]
    public async Task Per_call_safety_settings_of_the_wrong_type_are_rejected()
    {
        var options = new ChatOptions { AdditionalProperties = new() { ["safetySettings"] = "BLOCK_NONE" } };

        var error = await Assert.ThrowsAsync<ArgumentException>(() => _client.GetResponseAsync("Hi", options));

        Assert.Contains(nameof(GeminiSafetySetting), error.Message);
    }
}
