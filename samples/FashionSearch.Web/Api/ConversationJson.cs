using System.Text.Json;
using MultimodalSearch;

namespace FashionSearch.Web.Api;

/// <summary>Reads the conversation a client sends back (the previous answer's <c>conversation</c>).</summary>
internal static class ConversationJson
{
    private static readonly JsonSerializerOptions Options = new() { MaxDepth = 16 };

    /// <summary>Parses the field.</summary>
    /// <param name="json">The JSON, or null for a new conversation.</param>
    /// <returns>The conversation, or null.</returns>
    /// <exception cref="ApiException">The JSON is malformed or not a conversation (400).</exception>
    public static FashionConversation? Parse(string? json)
    {
        if (json is null)
        {
            return null;
        }

        try
        {
            return JsonSerializer.Deserialize<FashionConversation>(json, Options)
                ?? throw Invalid("it is null");
        }
        catch (JsonException ex)
        {
            throw Invalid(ex.Message);
        }
    }

    private static ApiException Invalid(string why) => new(StatusCodes.Status400BadRequest, "Invalid conversation",
        "The 'conversation' field must be the conversation of the previous answer, as JSON ({\"turns\":[...]}): " + why);
}
