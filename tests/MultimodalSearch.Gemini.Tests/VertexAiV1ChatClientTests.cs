namespace MultimodalSearch.Gemini.Tests;

/// <summary>
/// The whole suite again against Vertex AI <c>v1</c>, whose <c>FunctionCall</c> and <c>FunctionResponse</c> have no
/// <c>id</c>: the client must leave ids out there and otherwise behave the same.
/// </summary>
public sealed class VertexAiV1ChatClientTests : VertexAiChatClientTests
{
    protected override string? ApiVersion => "v1";

    protected override string PathVersion => "v1";

    protected override bool HasFunctionCallIds => false;

    protected override bool HasThinkingLevel => true;
}
