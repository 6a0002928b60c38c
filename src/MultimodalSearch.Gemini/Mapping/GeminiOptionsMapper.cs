using Microsoft.Extensions.AI;
using MultimodalSearch.Gemini.Wire;

namespace MultimodalSearch.Gemini.Mapping;

/// <summary>Maps <see cref="ChatOptions"/> onto <c>generationConfig</c>, <c>tools</c>, <c>toolConfig</c> and <c>safetySettings</c>.</summary>
internal static class GeminiOptionsMapper
{
    /// <summary>The <see cref="ChatOptions.AdditionalProperties"/> key for per-call safety settings (a list of <see cref="GeminiSafetySetting"/>).</summary>
    public const string SafetySettingsKey = "safetySettings";

    public static GeminiGenerationConfig? CreateGenerationConfig(ChatOptions? options, GeminiRequestShape shape)
    {
        if (options is null)
        {
            return null;
        }

        var config = new GeminiGenerationConfig
        {
            Temperature = options.Temperature,
            TopP = options.TopP,
            TopK = options.TopK,
            MaxOutputTokens = options.MaxOutputTokens,
            StopSequences = options.StopSequences is { Count: > 0 } stops ? [.. stops] : null,
            Seed = Seed(options.Seed),
            PresencePenalty = options.PresencePenalty,
            FrequencyPenalty = options.FrequencyPenalty,
            ThinkingConfig = GeminiThinking.Create(options.Reasoning, shape),
        };
        if (options.ResponseFormat is ChatResponseFormatJson json)
        {
            config.ResponseMimeType = "application/json";
            config.ResponseJsonSchema = json.Schema is { } schema ? GeminiJsonSchema.WithoutSchemaKeyword(schema) : null;
        }

        return config is { Temperature: null, TopP: null, TopK: null, MaxOutputTokens: null, StopSequences: null, Seed: null, PresencePenalty: null, FrequencyPenalty: null, ResponseMimeType: null, ThinkingConfig: null }
            ? null
            : config;
    }

    public static IList<GeminiSafetySetting>? SafetySettings(ChatOptions? options, IList<GeminiSafetySetting> defaults)
    {
        if (options?.AdditionalProperties?.TryGetValue(SafetySettingsKey, out var value) == true)
        {
            return value is IEnumerable<GeminiSafetySetting> settings
                ? [.. settings]
                : throw new ArgumentException(
                    $"ChatOptions.AdditionalProperties[\"{SafetySettingsKey}\"] must be a list of {nameof(GeminiSafetySetting)}, not {value?.GetType().Name ?? "null"}.",
                    nameof(options));
        }

        return defaults.Count > 0 ? defaults : null;
    }

    public static IList<GeminiTool>? CreateTools(ChatOptions? options, GeminiRequestShape shape)
    {
        if (options?.Tools is not { Count: > 0 } tools)
        {
            return null;
        }

        var declarations = new List<GeminiFunctionDeclaration>(tools.Count);
        foreach (var tool in tools)
        {
            if (tool is not AIFunctionDeclaration function)
            {
                throw new NotSupportedException(
                    $"Tool '{tool.Name}' ({tool.GetType().Name}) is not supported by the Gemini client; only functions (AIFunctionDeclaration) are.");
            }

            declarations.Add(new GeminiFunctionDeclaration
            {
                Name = function.Name,
                // The Gemini API's proto marks description REQUIRED; an empty one is accepted where a missing one is not.
                Description = string.IsNullOrWhiteSpace(function.Description)
                    ? shape.RequiresFunctionDescription ? string.Empty : null
                    : function.Description,
                ParametersJsonSchema = GeminiJsonSchema.WithoutSchemaKeyword(function.JsonSchema),
            });
        }

        return [new GeminiTool { FunctionDeclarations = declarations }];
    }

    public static GeminiToolConfig? CreateToolConfig(ChatOptions? options)
    {
        if (options?.Tools is not { Count: > 0 } || options.ToolMode is null)
        {
            return null;
        }

        var config = options.ToolMode switch
        {
            NoneChatToolMode => new GeminiFunctionCallingConfig { Mode = "NONE" },
            RequiredChatToolMode { RequiredFunctionName: { } name } => new GeminiFunctionCallingConfig { Mode = "ANY", AllowedFunctionNames = [name] },
            RequiredChatToolMode => new GeminiFunctionCallingConfig { Mode = "ANY" },
            _ => new GeminiFunctionCallingConfig { Mode = "AUTO" },
        };
        return new GeminiToolConfig { FunctionCallingConfig = config };
    }

    private static int? Seed(long? seed) => seed switch
    {
        null => null,
        >= int.MinValue and <= int.MaxValue => (int)seed.Value,
        _ => throw new ArgumentOutOfRangeException(nameof(seed), seed, "ChatOptions.Seed must fit in 32 bits: Gemini's seed is an int32."),
    };
}
