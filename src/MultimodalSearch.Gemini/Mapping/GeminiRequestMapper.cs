using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini.Wire;

namespace MultimodalSearch.Gemini.Mapping;

/// <summary>
/// Turns M.E.AI messages and options into a Gemini request: system messages and
/// <see cref="ChatOptions.Instructions"/> become <c>systemInstruction</c>; user and tool messages become
/// <c>user</c> turns, assistant messages <c>model</c> turns; consecutive turns of one role are merged
/// because Gemini expects the roles to alternate.
/// </summary>
internal static class GeminiRequestMapper
{
    /// <exception cref="ArgumentException">The conversation has nothing to send, or an unknown role, or a function result without its call.</exception>
    /// <exception cref="NotSupportedException">A content or tool type Gemini cannot take.</exception>
    public static GeminiGenerateContentRequest CreateRequest(
        IEnumerable<ChatMessage> messages, ChatOptions? options, IList<GeminiSafetySetting> defaultSafetySettings, GeminiRequestShape shape)
    {
        var systemParts = new List<GeminiPart>();
        if (!string.IsNullOrWhiteSpace(options?.Instructions))
        {
            systemParts.Add(new GeminiPart { Text = options.Instructions });
        }

        var contents = new List<GeminiContent>();
        var callNames = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var message in messages)
        {
            ArgumentNullException.ThrowIfNull(message, nameof(messages));
            if (message.Role == ChatRole.System)
            {
                systemParts.AddRange(SystemParts(message));
                continue;
            }

            var role = RoleOf(message.Role)
                ?? throw new ArgumentException($"Gemini has no '{message.Role}' role; use System, User, Assistant or Tool.", nameof(messages));
            var parts = JoinSignatures(message.Contents.Select(content => GeminiContentMapper.ToPart(content, callNames, shape.HasFunctionCallIds, nameof(messages))).OfType<GeminiPart>());
            if (parts.Count == 0)
            {
                continue;
            }

            if (contents.Count > 0 && contents[^1].Role == role)
            {
                ((List<GeminiPart>)contents[^1].Parts!).AddRange(parts);
            }
            else
            {
                contents.Add(new GeminiContent { Role = role, Parts = parts });
            }
        }

        if (contents.Count == 0)
        {
            throw new ArgumentException("The conversation has no user or assistant message with content; Gemini needs at least one.", nameof(messages));
        }

        GeminiInlineDataLimit.ThrowIfTooLarge(contents, shape.MaxInlineDataBytes, nameof(messages));
        return new GeminiGenerateContentRequest
        {
            Contents = contents,
            SystemInstruction = systemParts.Count > 0 ? new GeminiContent { Parts = systemParts } : null,
            GenerationConfig = GeminiOptionsMapper.CreateGenerationConfig(options, shape),
            SafetySettings = GeminiOptionsMapper.SafetySettings(options, defaultSafetySettings),
            Tools = GeminiOptionsMapper.CreateTools(options, shape),
            ToolConfig = GeminiOptionsMapper.CreateToolConfig(options),
        };
    }

    // A signature-only part (a streamed text signature kept apart from aggregation) belongs on the text part
    // before it, as Gemini sent it; with no such part it goes as Gemini also sends it, on an empty text.
    private static List<GeminiPart> JoinSignatures(IEnumerable<GeminiPart> parts)
    {
        var joined = new List<GeminiPart>();
        foreach (var part in parts)
        {
            var signatureOnly = part is { Text: "", ThoughtSignature: not null, Thought: null };
            if (signatureOnly && joined.Count > 0 && joined[^1] is { Text: not null, Thought: null, ThoughtSignature: null } previous)
            {
                previous.ThoughtSignature = part.ThoughtSignature;
                continue;
            }

            joined.Add(part);
        }

        return joined;
    }

    private static IEnumerable<GeminiPart> SystemParts(ChatMessage message)
    {
        foreach (var content in message.Contents)
        {
            if (content is not TextContent text)
            {
                throw new NotSupportedException(
                    $"A system message may only contain text (Gemini's systemInstruction); it contains {content.GetType().Name}. Put images and files in a user message.");
            }

            if (!string.IsNullOrEmpty(text.Text))
            {
                yield return new GeminiPart { Text = text.Text };
            }
        }
    }

    private static string? RoleOf(ChatRole role)
    {
        if (role == ChatRole.Assistant)
        {
            return "model";
        }

        // Gemini has no tool role: function results travel in a user turn.
        if (role == ChatRole.User || role == ChatRole.Tool)
        {
            return "user";
        }

        return null;
    }
}
