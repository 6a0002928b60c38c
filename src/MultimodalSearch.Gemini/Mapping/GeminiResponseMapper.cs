using System.Net;
using System.Text.Json;
using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini.Wire;

namespace MultimodalSearch.Gemini.Mapping;

/// <summary>
/// Turns Gemini responses into M.E.AI results: one assistant message from the first candidate, finish
/// reason, usage (input = prompt tokens, output = candidate + thought tokens) and the raw response.
/// </summary>
internal static class GeminiResponseMapper
{
    /// <exception cref="GeminiPromptBlockedException">Gemini blocked the prompt.</exception>
    /// <exception cref="GeminiException">The response has no candidate at all.</exception>
    public static ChatResponse ToChatResponse(GeminiGenerateContentResponse response)
    {
        ThrowIfPromptBlocked(response);
        var candidate = response.Candidates?.FirstOrDefault()
            ?? throw new GeminiException("Gemini returned no candidate and no block reason.", HttpStatusCode.OK);
        var contents = ToContents(candidate.Content?.Parts);
        var message = new ChatMessage(ChatRole.Assistant, contents)
        {
            MessageId = response.ResponseId,
            CreatedAt = response.CreateTime,
            RawRepresentation = candidate,
        };
        return new ChatResponse(message)
        {
            ResponseId = response.ResponseId,
            ModelId = response.ModelVersion,
            CreatedAt = response.CreateTime,
            FinishReason = GeminiFinishReasons.Map(candidate.FinishReason, contents.Any(c => c is FunctionCallContent)),
            Usage = ToUsage(response.UsageMetadata),
            RawRepresentation = response,
        };
    }

    /// <summary>Maps one stream chunk; <see langword="null"/> when it carries no candidate (usage-only chunks).</summary>
    public static ChatResponseUpdate? ToUpdate(GeminiGenerateContentResponse chunk, ref bool sawFunctionCall)
    {
        ThrowIfPromptBlocked(chunk);
        if (chunk.Candidates?.FirstOrDefault() is not { } candidate)
        {
            return null;
        }

        var contents = ToContents(candidate.Content?.Parts);
        sawFunctionCall |= contents.Any(c => c is FunctionCallContent);
        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = chunk.ResponseId,
            MessageId = chunk.ResponseId,
            ModelId = chunk.ModelVersion,
            CreatedAt = chunk.CreateTime,
            FinishReason = GeminiFinishReasons.Map(candidate.FinishReason, sawFunctionCall),
            RawRepresentation = chunk,
        };
    }

    public static UsageDetails? ToUsage(GeminiUsageMetadata? usage)
    {
        if (usage is null)
        {
            return null;
        }

        long? output = usage.CandidatesTokenCount is null && usage.ThoughtsTokenCount is null
            ? null
            : (long)(usage.CandidatesTokenCount ?? 0) + (usage.ThoughtsTokenCount ?? 0);
        return new UsageDetails
        {
            InputTokenCount = usage.PromptTokenCount,
            OutputTokenCount = output,
            TotalTokenCount = usage.TotalTokenCount,
            CachedInputTokenCount = usage.CachedContentTokenCount,
            ReasoningTokenCount = usage.ThoughtsTokenCount,
        };
    }

    private static void ThrowIfPromptBlocked(GeminiGenerateContentResponse response)
    {
        if (response.PromptFeedback?.BlockReason is { Length: > 0 } reason && reason != "BLOCK_REASON_UNSPECIFIED")
        {
            throw new GeminiPromptBlockedException(reason, response.PromptFeedback.BlockReasonMessage);
        }
    }

    private static List<AIContent> ToContents(IList<GeminiPart>? parts)
    {
        var contents = new List<AIContent>();
        foreach (var part in parts ?? [])
        {
            if (ToContent(part) is { } content)
            {
                content.RawRepresentation = part;
                contents.Add(content);
            }
        }

        return contents;
    }

    private static AIContent? ToContent(GeminiPart part)
    {
        if (part.Thought == true)
        {
            return new TextReasoningContent(part.Text) { ProtectedData = part.ThoughtSignature };
        }

        AIContent? content = part switch
        {
            { FunctionCall: { } call } => new FunctionCallContent(
                string.IsNullOrEmpty(call.Id) ? GeminiPartKeys.GeneratedCallIdPrefix + Guid.NewGuid().ToString("N") : call.Id,
                call.Name,
                Arguments(call.Args)),
            { Text: { } text } => new TextContent(text),
            { InlineData: { } blob } => new DataContent(Convert.FromBase64String(blob.Data), blob.MimeType),
            { FileData: { } file } => new UriContent(new Uri(file.FileUri), file.MimeType ?? "application/octet-stream"),

            // A signature may come on a part of its own (an empty text at the end of a stream).
            { ThoughtSignature: not null } => new TextContent(string.Empty),
            _ => null,
        };
        if (content is not null && part.ThoughtSignature is { } signature)
        {
            (content.AdditionalProperties ??= [])[GeminiPartKeys.ThoughtSignature] = signature;
        }

        return content;
    }

    private static Dictionary<string, object?>? Arguments(JsonElement? args)
    {
        if (args is not { ValueKind: JsonValueKind.Object } element)
        {
            return null;
        }

        // Values stay JsonElement: AIFunction binds parameters from them directly.
        return element.EnumerateObject().ToDictionary(p => p.Name, p => (object?)p.Value.Clone(), StringComparer.Ordinal);
    }
}
