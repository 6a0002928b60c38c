using System.Globalization;
using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini.Wire;

namespace MultimodalSearch.Gemini.Mapping;

/// <summary>
/// Turns Gemini responses into M.E.AI results: one assistant message from the first candidate, its finish
/// reason (and <c>finishMessage</c>), usage, citations as <see cref="CitationAnnotation"/>s, code execution as
/// code-interpreter contents, grounding and URL-context metadata in <c>AdditionalProperties</c>, and the raw
/// JSON (<see cref="JsonElement"/>: response, candidate, part) as <c>RawRepresentation</c>, so fields this client
/// does not map stay reachable.
/// </summary>
internal static class GeminiResponseMapper
{
    /// <summary>The <c>AdditionalProperties</c> key of a candidate's <c>finishMessage</c> (the only explanation of an <c>OTHER</c> finish).</summary>
    public const string FinishMessageKey = "finishMessage";

    /// <summary>The <c>AdditionalProperties</c> key of a candidate's raw <c>groundingMetadata</c>.</summary>
    public const string GroundingMetadataKey = "groundingMetadata";

    /// <summary>The <c>AdditionalProperties</c> key of a candidate's raw <c>urlContextMetadata</c>.</summary>
    public const string UrlContextMetadataKey = "urlContextMetadata";

    /// <summary>The <see cref="UsageDetails.AdditionalCounts"/> key of the tokens of tool results fed back to the model.</summary>
    public const string ToolUsePromptTokensKey = "toolUsePromptTokenCount";

    /// <exception cref="GeminiPromptBlockedException">Gemini blocked the prompt.</exception>
    /// <exception cref="GeminiException">The response has no candidate, or an empty one that does not say why.</exception>
    public static ChatResponse ToChatResponse(GeminiGenerateContentResponse response, JsonElement raw)
    {
        ThrowIfPromptBlocked(response);
        var candidate = response.Candidates?.FirstOrDefault()
            ?? throw new GeminiException("Gemini returned no candidate and no block reason.", HttpStatusCode.OK);
        ThrowIfEmpty(candidate);
        var rawCandidate = FirstCandidate(raw);
        var contents = ToContents(candidate, rawCandidate, streaming: false);
        var message = new ChatMessage(ChatRole.Assistant, contents)
        {
            MessageId = response.ResponseId,
            CreatedAt = response.CreateTime,
            RawRepresentation = rawCandidate,

            // On the message, where M.E.AI's ToChatResponse() puts the properties of streamed updates too.
            AdditionalProperties = Properties(candidate),
        };
        return new ChatResponse(message)
        {
            ResponseId = response.ResponseId,
            ModelId = response.ModelVersion,
            CreatedAt = response.CreateTime,
            FinishReason = GeminiFinishReasons.Map(candidate.FinishReason, contents.Any(c => c is FunctionCallContent)),
            Usage = ToUsage(response.UsageMetadata),
            RawRepresentation = raw,
        };
    }

    /// <summary>Maps one stream chunk; <see langword="null"/> when it carries no candidate (usage-only chunks).</summary>
    /// <param name="chunk">The chunk.</param>
    /// <param name="raw">Its JSON.</param>
    /// <param name="messageId">The stream's message id: Google's <c>responseId</c>, or one made up for streams without it, so that
    /// <c>ToChatResponse()</c> keeps every update's properties on the one message.</param>
    /// <param name="sawFunctionCall">Set once any chunk called a function.</param>
    public static ChatResponseUpdate? ToUpdate(GeminiGenerateContentResponse chunk, JsonElement raw, string messageId, ref bool sawFunctionCall)
    {
        ThrowIfPromptBlocked(chunk);
        if (chunk.Candidates?.FirstOrDefault() is not { } candidate)
        {
            return null;
        }

        var contents = ToContents(candidate, FirstCandidate(raw), streaming: true);
        sawFunctionCall |= contents.Any(c => c is FunctionCallContent);
        var properties = Properties(candidate);
        if (properties is not null && contents.Count == 0)
        {
            // ToChatResponse() puts the properties of an update on its message only when the update has content;
            // an empty text keeps grounding metadata or a finishMessage on a last, part-less chunk where the
            // unary answer has them.
            contents.Add(new TextContent(string.Empty));
        }

        return new ChatResponseUpdate(ChatRole.Assistant, contents)
        {
            ResponseId = chunk.ResponseId,
            MessageId = chunk.ResponseId ?? messageId,
            ModelId = chunk.ModelVersion,
            CreatedAt = chunk.CreateTime,
            FinishReason = GeminiFinishReasons.Map(candidate.FinishReason, sawFunctionCall),
            RawRepresentation = raw,
            AdditionalProperties = properties,
        };
    }

    /// <summary>
    /// Maps <c>usageMetadata</c>. Input is the prompt plus the tool results fed back to the model
    /// (<c>toolUsePromptTokenCount</c>, also in <see cref="UsageDetails.AdditionalCounts"/>); output is the
    /// candidates plus the thoughts; so input and output add up to Gemini's total.
    /// </summary>
    public static UsageDetails? ToUsage(GeminiUsageMetadata? usage)
    {
        if (usage is null)
        {
            return null;
        }

        long? output = usage.CandidatesTokenCount is null && usage.ThoughtsTokenCount is null
            ? null
            : (long)(usage.CandidatesTokenCount ?? 0) + (usage.ThoughtsTokenCount ?? 0);
        long? input = usage.PromptTokenCount is null && usage.ToolUsePromptTokenCount is null
            ? null
            : (long)(usage.PromptTokenCount ?? 0) + (usage.ToolUsePromptTokenCount ?? 0);
        var details = new UsageDetails
        {
            InputTokenCount = input,
            OutputTokenCount = output,
            TotalTokenCount = usage.TotalTokenCount,
            CachedInputTokenCount = usage.CachedContentTokenCount,
            ReasoningTokenCount = usage.ThoughtsTokenCount,
        };
        if (usage.ToolUsePromptTokenCount is { } toolUse)
        {
            details.AdditionalCounts = new AdditionalPropertiesDictionary<long> { [ToolUsePromptTokensKey] = toolUse };
        }

        return details;
    }

    private static void ThrowIfPromptBlocked(GeminiGenerateContentResponse response)
    {
        if (response.PromptFeedback?.BlockReason is { Length: > 0 } reason && reason != "BLOCK_REASON_UNSPECIFIED")
        {
            throw new GeminiPromptBlockedException(reason, response.PromptFeedback.BlockReasonMessage);
        }
    }

    // The same rule as a stream that ends without a finish reason: nothing generated and nothing said about why
    // is not an answer, whereas an empty candidate with a reason (SAFETY, RECITATION, ...) is.
    private static void ThrowIfEmpty(GeminiCandidate candidate)
    {
        if (candidate.Content?.Parts is not { Count: > 0 } && string.IsNullOrEmpty(candidate.FinishReason))
        {
            throw new GeminiException("Gemini returned an empty candidate without a finish reason; the answer is missing.", HttpStatusCode.OK) { IsTransient = true };
        }
    }

    private static JsonElement? FirstCandidate(JsonElement raw) =>
        raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("candidates", out var candidates)
            && candidates.ValueKind == JsonValueKind.Array && candidates.GetArrayLength() > 0
                ? candidates[0]
                : null;

    private static AdditionalPropertiesDictionary? Properties(GeminiCandidate candidate)
    {
        AdditionalPropertiesDictionary? properties = null;
        if (!string.IsNullOrEmpty(candidate.FinishMessage))
        {
            (properties ??= [])[FinishMessageKey] = candidate.FinishMessage;
        }

        if (candidate.GroundingMetadata is { ValueKind: JsonValueKind.Object } grounding)
        {
            (properties ??= [])[GroundingMetadataKey] = grounding;
        }

        if (candidate.UrlContextMetadata is { ValueKind: JsonValueKind.Object } urlContext)
        {
            (properties ??= [])[UrlContextMetadataKey] = urlContext;
        }

        return properties;
    }

    private static List<AIContent> ToContents(GeminiCandidate candidate, JsonElement? rawCandidate, bool streaming)
    {
        var parts = candidate.Content?.Parts ?? [];
        var rawParts = rawCandidate is { ValueKind: JsonValueKind.Object } c
            && c.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object
            && content.TryGetProperty("parts", out var array) && array.ValueKind == JsonValueKind.Array
                ? array
                : default;
        var contents = new List<AIContent>();
        string? codeCallId = null;
        for (var i = 0; i < parts.Count; i++)
        {
            var part = parts[i];
            object? raw = rawParts.ValueKind == JsonValueKind.Array && i < rawParts.GetArrayLength() ? rawParts[i] : part;
            foreach (var item in ToContent(part, streaming, ref codeCallId))
            {
                item.RawRepresentation = raw;
                contents.Add(item);
            }
        }

        Annotate(contents, candidate);
        return contents;
    }

    // Citations index into the answer's text: they go on its first text content, counted over all of it.
    private static void Annotate(List<AIContent> contents, GeminiCandidate candidate)
    {
        if (candidate.CitationMetadata is null && candidate.GroundingMetadata is null)
        {
            return;
        }

        var texts = contents.OfType<TextContent>().ToList();
        var text = string.Concat(texts.Select(t => t.Text));
        var annotations = GeminiCitations.Create(candidate.CitationMetadata, candidate.GroundingMetadata, text);
        if (annotations.Count == 0)
        {
            return;
        }

        var target = texts.FirstOrDefault();
        if (target is null)
        {
            target = new TextContent(string.Empty);
            contents.Add(target);
        }

        target.Annotations ??= [];
        foreach (var annotation in annotations)
        {
            target.Annotations.Add(annotation);
        }
    }

    private static IEnumerable<AIContent> ToContent(GeminiPart part, bool streaming, ref string? codeCallId)
    {
        if (part.Thought == true)
        {
            return [new TextReasoningContent(part.Text) { ProtectedData = part.ThoughtSignature }];
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
            { ExecutableCode: { } code } => CodeCall(code, codeCallId = GeminiPartKeys.GeneratedCodeIdPrefix + Guid.NewGuid().ToString("N")),
            { CodeExecutionResult: { } result } => CodeResult(result, codeCallId ?? GeminiPartKeys.GeneratedCodeIdPrefix + Guid.NewGuid().ToString("N")),
            _ => null,
        };
        if (part.ThoughtSignature is not { } signature)
        {
            return content is null ? [] : [content];
        }

        // M.E.AI's ToChatResponse() merges adjacent text contents and keeps only the first one's properties, so a
        // streamed text signature travels on a content of its own that aggregation leaves alone; the request
        // mapper puts it back on the text part before it.
        if (content is null || (streaming && content is TextContent))
        {
            var marker = new AIContent { AdditionalProperties = new() { [GeminiPartKeys.ThoughtSignature] = signature } };
            return content is TextContent { Text.Length: > 0 } ? [content, marker] : [marker];
        }

        (content.AdditionalProperties ??= [])[GeminiPartKeys.ThoughtSignature] = signature;
        return [content];
    }

    private static CodeInterpreterToolCallContent CodeCall(GeminiExecutableCode code, string callId)
    {
        var call = new CodeInterpreterToolCallContent(callId)
        {
            Inputs = [new DataContent(Encoding.UTF8.GetBytes(code.Code ?? string.Empty), GeminiPartKeys.CodeMediaType(code.Language))],
        };
        if (code.Language is { } language)
        {
            call.AdditionalProperties = new() { [GeminiPartKeys.CodeLanguage] = language };
        }

        return call;
    }

    private static CodeInterpreterToolResultContent CodeResult(GeminiCodeExecutionResult result, string callId)
    {
        var content = new CodeInterpreterToolResultContent(callId)
        {
            Outputs = result.Output is null ? [] : [new TextContent(result.Output)],
        };
        if (result.Outcome is { } outcome)
        {
            content.AdditionalProperties = new() { [GeminiPartKeys.CodeOutcome] = outcome };
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
