using System.Text.Json;
using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini.Wire;

namespace MultimodalSearch.Gemini.Mapping;

/// <summary>Maps one M.E.AI content item to a Gemini part, for requests.</summary>
internal static class GeminiContentMapper
{
    /// <summary>
    /// Returns the part, or <see langword="null"/> for content with nothing to send (empty text, usage).
    /// <paramref name="callNames"/> collects function names by call id, because Gemini's
    /// <c>functionResponse</c> needs the name that M.E.AI's <see cref="FunctionResultContent"/> lacks.
    /// </summary>
    /// <exception cref="ArgumentException">A function result without its call, reported against <paramref name="paramName"/>.</exception>
    public static GeminiPart? ToPart(AIContent content, Dictionary<string, string> callNames, bool sendCallIds, string paramName)
    {
        var signature = content.AdditionalProperties?.TryGetValue(GeminiPartKeys.ThoughtSignature, out var value) == true
            ? value?.ToString()
            : null;
        switch (content)
        {
            case TextContent text:
                return string.IsNullOrEmpty(text.Text) && signature is null ? null : new GeminiPart { Text = text.Text, ThoughtSignature = signature };

            case TextReasoningContent reasoning:
                return string.IsNullOrEmpty(reasoning.Text) && string.IsNullOrEmpty(reasoning.ProtectedData)
                    ? null
                    : new GeminiPart { Text = reasoning.Text, Thought = true, ThoughtSignature = reasoning.ProtectedData ?? signature };

            case DataContent data:
                return new GeminiPart { InlineData = new GeminiBlob { MimeType = data.MediaType, Data = Convert.ToBase64String(data.Data.Span) } };

            case UriContent uri:
                return new GeminiPart { FileData = new GeminiFileData { MimeType = uri.MediaType, FileUri = uri.Uri.AbsoluteUri } };

            case FunctionCallContent call:
                callNames[call.CallId] = call.Name;
                return new GeminiPart
                {
                    FunctionCall = new GeminiFunctionCall { Id = sendCallIds ? WireId(call.CallId) : null, Name = call.Name, Args = Arguments(call.Arguments) },
                    ThoughtSignature = signature,
                };

            case FunctionResultContent result:
                if (!callNames.TryGetValue(result.CallId, out var name))
                {
                    throw new ArgumentException(
                        $"The function result with call id '{result.CallId}' has no matching FunctionCallContent earlier in the conversation; Gemini needs the function's name, so keep the assistant message with the call.",
                        paramName);
                }

                return new GeminiPart
                {
                    FunctionResponse = new GeminiFunctionResponse { Id = sendCallIds ? WireId(result.CallId) : null, Name = name, Response = ResultObject(result) },
                };

            case CodeInterpreterToolCallContent code:
                return new GeminiPart
                {
                    ExecutableCode = new GeminiExecutableCode
                    {
                        Language = code.AdditionalProperties?.TryGetValue(GeminiPartKeys.CodeLanguage, out var language) == true ? language?.ToString() : "PYTHON",
                        Code = string.Concat(code.Inputs?.Select(CodeText) ?? []),
                    },
                    ThoughtSignature = signature,
                };

            case CodeInterpreterToolResultContent result:
                return new GeminiPart
                {
                    CodeExecutionResult = new GeminiCodeExecutionResult
                    {
                        Outcome = result.AdditionalProperties?.TryGetValue(GeminiPartKeys.CodeOutcome, out var outcome) == true ? outcome?.ToString() : "OUTCOME_OK",
                        Output = string.Concat(result.Outputs?.Select(CodeText) ?? []),
                    },
                };

            case UsageContent:
                return null;

            // A streamed thought signature on a content of its own (see GeminiResponseMapper): the request
            // mapper moves it back onto the text part before it.
            case { } marker when marker.GetType() == typeof(AIContent):
                return signature is null ? null : new GeminiPart { Text = string.Empty, ThoughtSignature = signature };

            default:
                throw new NotSupportedException(
                    $"{content.GetType().Name} cannot be sent to Gemini; use text, DataContent (images and other inline data), UriContent, or function calls and results.");
        }
    }

    private static string CodeText(AIContent content) => content switch
    {
        TextContent text => text.Text,
        DataContent data => System.Text.Encoding.UTF8.GetString(data.Data.Span),
        _ => string.Empty,
    };

    private static string? WireId(string callId) =>
        callId.StartsWith(GeminiPartKeys.GeneratedCallIdPrefix, StringComparison.Ordinal) ? null : callId;

    private static JsonElement Arguments(IDictionary<string, object?>? arguments) =>
        JsonSerializer.SerializeToElement(
            arguments ?? new Dictionary<string, object?>(),
            AIJsonUtilities.DefaultOptions.GetTypeInfo(typeof(IDictionary<string, object?>)));

    // functionResponse.response must be a JSON object: objects go as they are, anything else under "result".
    private static JsonElement ResultObject(FunctionResultContent result)
    {
        var options = AIJsonUtilities.DefaultOptions;
        if (result.Exception is { } exception)
        {
            return JsonSerializer.SerializeToElement(
                new Dictionary<string, object?> { ["error"] = exception.Message },
                options.GetTypeInfo(typeof(Dictionary<string, object?>)));
        }

        var element = result.Result is null
            ? default
            : JsonSerializer.SerializeToElement(result.Result, options.GetTypeInfo(result.Result.GetType()));
        return element.ValueKind == JsonValueKind.Object
            ? element
            : JsonSerializer.SerializeToElement(
                new Dictionary<string, object?> { ["result"] = element.ValueKind == JsonValueKind.Undefined ? null : element },
                options.GetTypeInfo(typeof(Dictionary<string, object?>)));
    }
}
