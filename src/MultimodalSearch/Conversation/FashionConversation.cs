using System.Text.Json.Serialization;

namespace MultimodalSearch;

/// <summary>
/// A shopper's conversation so far: the earlier turns, each with its message, its photo (by reference), what was
/// understood and the items shown. The library is stateless: the caller keeps the conversation (it serialises to
/// small JSON with <see cref="System.Text.Json.JsonSerializer"/>), sends it with the next request, and stores the one
/// that comes back in <see cref="FashionSearchResult.Conversation"/>.
/// </summary>
public sealed record FashionConversation
{
    /// <summary>Gets a conversation with no turns.</summary>
    public static FashionConversation Empty { get; } = new();

    /// <summary>Gets the turns, oldest first.</summary>
    [JsonPropertyName("turns")]
    public IReadOnlyList<ConversationTurn> Turns { get; init; } = [];

    /// <summary>Gets the last turn, or null when there is none.</summary>
    [JsonIgnore]
    public ConversationTurn? LastTurn => Turns.Count == 0 ? null : Turns[^1];

    /// <summary>Gets the ids of every item shown in the conversation.</summary>
    /// <returns>The ids.</returns>
    public IReadOnlySet<string> ShownItemIds() => Turns.SelectMany(t => t.Shown).Select(i => i.Id).ToHashSet(StringComparer.Ordinal);

    /// <summary>Appends a turn, keeping at most <paramref name="maxTurns"/> (the oldest go first).</summary>
    /// <param name="turn">The turn.</param>
    /// <param name="maxTurns">The most turns kept.</param>
    /// <returns>The longer conversation.</returns>
    public FashionConversation Append(ConversationTurn turn, int maxTurns)
    {
        ArgumentNullException.ThrowIfNull(turn);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxTurns, 1);
        return new() { Turns = [.. Turns.Skip(Math.Max(0, Turns.Count + 1 - maxTurns)), turn] };
    }
}
