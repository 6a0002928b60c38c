namespace MultimodalSearch;

/// <summary>
/// Fills in what a follow-up leaves out from the turn before it, the same way for both classifiers: "in red instead"
/// keeps the categories and the photo, "show me more" keeps everything and counts again, "what about shoes?" keeps
/// the attributes and the photo, "the second one but in blue" makes a shown item the photo.
/// </summary>
internal static class ConversationResolver
{
    /// <summary>Resolves a message's intent against the conversation.</summary>
    /// <param name="message">What the message says on its own.</param>
    /// <param name="conversation">The conversation before the message.</param>
    /// <param name="hasNewPhoto">Whether the message came with a photo of its own (which starts a new subject).</param>
    /// <returns>The standalone classification's parts.</returns>
    public static MessageIntent Resolve(MessageIntent message, FashionConversation conversation, bool hasNewPhoto)
    {
        var last = conversation.LastTurn;
        if (last is null || hasNewPhoto)
        {
            return message with { FollowUp = FollowUpKind.New, ReferencedItem = null };
        }

        if (message.ReferencedItem is { } item)
        {
            var relation = message.Relation == PhotoRelation.None ? PhotoRelation.Similar : message.Relation;
            return message with
            {
                FollowUp = FollowUpKind.Refine,
                Relation = relation,
                Categories = message.Categories.Count > 0 || relation == PhotoRelation.Complement ? message.Categories : [item.Category],
                Count = message.CountStated ? message.Count : 1,
            };
        }

        if (message.FollowUp == FollowUpKind.New)
        {
            return message;
        }

        var categories = message.Categories.Count > 0 ? message.Categories : last.Categories;
        var attributes = new Dictionary<string, string>(last.Attributes, StringComparer.Ordinal);
        foreach (var (name, value) in message.Attributes)
        {
            attributes[name] = value;
        }

        return message with
        {
            Categories = categories,
            Attributes = attributes,
            Count = message.CountStated ? message.Count : last.Count,
            Relation = message.Relation != PhotoRelation.None ? message.Relation : CarriedRelation(last, categories),
        };
    }

    // The photo stays the subject: "what about shoes?" after "the same in red" (a jersey) means shoes to go with it.
    private static PhotoRelation CarriedRelation(ConversationTurn last, IReadOnlyList<string> categories)
    {
        if (last.Photo is null || last.Relation != PhotoRelation.Similar || last.PhotoCategory is null)
        {
            return last.Relation;
        }

        return categories.Count == 0 || categories.Contains(last.PhotoCategory, StringComparer.Ordinal) ? PhotoRelation.Similar : PhotoRelation.Complement;
    }
}
