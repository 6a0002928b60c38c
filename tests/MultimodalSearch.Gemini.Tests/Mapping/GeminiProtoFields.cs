namespace MultimodalSearch.Gemini.Tests.Mapping;

/// <summary>
/// The JSON names of the request fields of Google's API definitions, per API surface and message, transcribed
/// by hand from googleapis/googleapis (<c>google/ai/generativelanguage/v1beta</c>, <c>google/cloud/aiplatform/v1</c>
/// and <c>v1beta1</c>: content.proto, tool.proto, generative_service.proto / prediction_service.proto) as of
/// August 2026. Only the messages a generateContent request contains; Struct and Value fields are free-form.
/// </summary>
public static class GeminiProtoFields
{
    /// <summary>The Gemini API.</summary>
    public const string GeminiV1Beta = "generativelanguage/v1beta";

    /// <summary>Vertex AI v1.</summary>
    public const string VertexV1 = "aiplatform/v1";

    /// <summary>Vertex AI v1beta1 (what Google's SDKs use).</summary>
    public const string VertexV1Beta1 = "aiplatform/v1beta1";

    private static readonly Dictionary<string, Dictionary<string, string[]>> Surfaces = new()
    {
        [GeminiV1Beta] = new()
        {
            ["GenerateContentRequest"] = ["model", "systemInstruction", "contents", "tools", "toolConfig", "safetySettings", "generationConfig", "cachedContent"],
            ["Content"] = ["parts", "role"],
            ["Part"] = ["text", "inlineData", "functionCall", "functionResponse", "fileData", "executableCode", "codeExecutionResult", "videoMetadata", "thought", "thoughtSignature", "partMetadata"],
            ["Blob"] = ["mimeType", "data"],
            ["FileData"] = ["mimeType", "fileUri"],
            ["FunctionCall"] = ["id", "name", "args"],
            ["FunctionResponse"] = ["id", "name", "response", "parts", "willContinue", "scheduling"],
            ["ExecutableCode"] = ["language", "code"],
            ["CodeExecutionResult"] = ["outcome", "output"],
            ["GenerationConfig"] =
            [
                "candidateCount", "stopSequences", "maxOutputTokens", "temperature", "topP", "topK", "seed", "responseMimeType", "responseSchema",
                "responseJsonSchema", "responseJsonSchemaOrdered", "presencePenalty", "frequencyPenalty", "responseLogprobs", "logprobs",
                "enableEnhancedCivicAnswers", "responseModalities", "speechConfig", "thinkingConfig", "imageConfig", "mediaResolution",
            ],
            ["ThinkingConfig"] = ["includeThoughts", "thinkingBudget"],
            ["SafetySetting"] = ["category", "threshold"],
            ["Tool"] = ["functionDeclarations", "googleSearchRetrieval", "codeExecution", "googleSearch", "computerUse", "urlContext", "fileSearch", "googleMaps"],
            ["FunctionDeclaration"] = ["name", "description", "parameters", "parametersJsonSchema", "response", "responseJsonSchema", "behavior"],
            ["ToolConfig"] = ["functionCallingConfig", "retrievalConfig"],
            ["FunctionCallingConfig"] = ["mode", "allowedFunctionNames"],
        },
        [VertexV1] = Vertex(
            part: ["text", "inlineData", "fileData", "functionCall", "functionResponse", "executableCode", "codeExecutionResult", "thought", "thoughtSignature", "videoMetadata", "mediaResolution"],
            functionCall: ["name", "args", "partialArgs", "willContinue"],
            functionResponse: ["name", "response", "parts"],
            thinking: ["includeThoughts", "thinkingBudget", "thinkingLevel"],
            extraGeneration: []),
        [VertexV1Beta1] = Vertex(
            part: ["text", "inlineData", "fileData", "functionCall", "functionResponse", "executableCode", "codeExecutionResult", "videoMetadata", "thought", "thoughtSignature"],
            functionCall: ["id", "name", "args", "partialArgs", "willContinue"],
            functionResponse: ["id", "name", "response", "parts"],
            thinking: ["includeThoughts", "thinkingBudget"],
            extraGeneration: ["modelConfig"]),
    };

    /// <summary>Where each field of a message leads: a message name, or null for free-form JSON (Struct, Value, scalars).</summary>
    public static readonly Dictionary<(string Message, string Field), string> Children = new()
    {
        [("GenerateContentRequest", "systemInstruction")] = "Content",
        [("GenerateContentRequest", "contents")] = "Content",
        [("GenerateContentRequest", "tools")] = "Tool",
        [("GenerateContentRequest", "toolConfig")] = "ToolConfig",
        [("GenerateContentRequest", "safetySettings")] = "SafetySetting",
        [("GenerateContentRequest", "generationConfig")] = "GenerationConfig",
        [("Content", "parts")] = "Part",
        [("Part", "inlineData")] = "Blob",
        [("Part", "fileData")] = "FileData",
        [("Part", "functionCall")] = "FunctionCall",
        [("Part", "functionResponse")] = "FunctionResponse",
        [("Part", "executableCode")] = "ExecutableCode",
        [("Part", "codeExecutionResult")] = "CodeExecutionResult",
        [("GenerationConfig", "thinkingConfig")] = "ThinkingConfig",
        [("Tool", "functionDeclarations")] = "FunctionDeclaration",
        [("ToolConfig", "functionCallingConfig")] = "FunctionCallingConfig",
    };

    /// <summary>Gets the fields of <paramref name="message"/> on <paramref name="surface"/>.</summary>
    public static IReadOnlyCollection<string> Of(string surface, string message) => Surfaces[surface][message];

    private static Dictionary<string, string[]> Vertex(string[] part, string[] functionCall, string[] functionResponse, string[] thinking, string[] extraGeneration) => new()
    {
        ["GenerateContentRequest"] = ["model", "contents", "systemInstruction", "cachedContent", "tools", "toolConfig", "labels", "safetySettings", "modelArmorConfig", "generationConfig"],
        ["Content"] = ["role", "parts"],
        ["Part"] = part,
        ["Blob"] = ["mimeType", "data"],
        ["FileData"] = ["mimeType", "fileUri"],
        ["FunctionCall"] = functionCall,
        ["FunctionResponse"] = functionResponse,
        ["ExecutableCode"] = ["language", "code"],
        ["CodeExecutionResult"] = ["outcome", "output"],
        ["GenerationConfig"] =
        [
            "temperature", "topP", "topK", "candidateCount", "maxOutputTokens", "stopSequences", "responseLogprobs", "logprobs", "presencePenalty",
            "frequencyPenalty", "seed", "responseMimeType", "responseSchema", "responseJsonSchema", "routingConfig", "audioTimestamp",
            "responseModalities", "mediaResolution", "speechConfig", "thinkingConfig", "imageConfig", .. extraGeneration,
        ],
        ["ThinkingConfig"] = thinking,
        ["SafetySetting"] = ["category", "threshold", "method"],
        ["Tool"] = ["functionDeclarations", "retrieval", "googleSearch", "googleSearchRetrieval", "googleMaps", "enterpriseWebSearch", "parallelAiSearch", "exaAiSearch", "codeExecution", "urlContext", "computerUse"],
        ["FunctionDeclaration"] = ["name", "description", "parameters", "parametersJsonSchema", "response", "responseJsonSchema"],
        ["ToolConfig"] = ["functionCallingConfig", "retrievalConfig"],
        ["FunctionCallingConfig"] = ["mode", "allowedFunctionNames", "streamFunctionCallArguments"],
    };
}
