using System.Text.Json.Nodes;

namespace MultimodalSearch.Gemini.Tests.Infrastructure;

/// <summary>Gemini response bodies shaped like recorded ones.</summary>
public static class GeminiResponses
{
    public const string ModelVersion = "gemini-3.5-flash";

    /// <summary>A one-candidate response with a text part.</summary>
    public static string Text(string text, string? finishReason = "STOP", JsonObject? usage = null, string responseId = "resp-1") =>
        Parts([new JsonObject { ["text"] = text }], finishReason, usage, responseId);

    /// <summary>A one-candidate response with the given parts.</summary>
    public static string Parts(JsonArray parts, string? finishReason = "STOP", JsonObject? usage = null, string responseId = "resp-1")
    {
        var candidate = new JsonObject
        {
            ["content"] = new JsonObject { ["role"] = "model", ["parts"] = parts },
            ["index"] = 0,
        };
        if (finishReason is not null)
        {
            candidate["finishReason"] = finishReason;
        }

        var response = new JsonObject
        {
            ["candidates"] = new JsonArray(candidate),
            ["modelVersion"] = ModelVersion,
            ["responseId"] = responseId,
        };
        if (usage is not null)
        {
            response["usageMetadata"] = usage;
        }

        return response.ToJsonString();
    }

    /// <summary>Usage metadata.</summary>
    public static JsonObject Usage(int prompt, int candidates, int? thoughts = null, int? cached = null)
    {
        var usage = new JsonObject
        {
            ["promptTokenCount"] = prompt,
            ["candidatesTokenCount"] = candidates,
            ["totalTokenCount"] = prompt + candidates + (thoughts ?? 0),
        };
        if (thoughts is not null)
        {
            usage["thoughtsTokenCount"] = thoughts;
        }

        if (cached is not null)
        {
            usage["cachedContentTokenCount"] = cached;
        }

        return usage;
    }

    /// <summary>A blocked prompt: prompt feedback with a block reason and no candidates.</summary>
    public static string BlockedPrompt(string reason, string? message = null)
    {
        var feedback = new JsonObject { ["blockReason"] = reason };
        if (message is not null)
        {
            feedback["blockReasonMessage"] = message;
        }

        return new JsonObject
        {
            ["promptFeedback"] = feedback,
            ["usageMetadata"] = Usage(12, 0),
            ["modelVersion"] = ModelVersion,
            ["responseId"] = "blocked-1",
        }.ToJsonString();
    }
}
