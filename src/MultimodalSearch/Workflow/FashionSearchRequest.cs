namespace MultimodalSearch;

/// <summary>One shopper request: a message, a photo, or both, and the conversation so far.</summary>
/// <param name="Message">The shopper's message as written; may be empty when a photo is given.</param>
/// <param name="Photo">The shopper's photo, or null.</param>
public sealed record FashionSearchRequest(string Message, ImageInput? Photo = null)
{
    /// <summary>
    /// Gets the conversation before this request (from the previous <see cref="FashionSearchResult.Conversation"/>), or
    /// null for a first message. Follow-ups ("in red instead", "show me more", "the second one but in blue") resolve against it.
    /// </summary>
    public FashionConversation? Conversation { get; init; }

    /// <summary>
    /// Gets the id of a catalog item whose image is this request's photo ("more like this" or "what goes with this" on a
    /// shown product), or null. Not together with <see cref="Photo"/>.
    /// </summary>
    public string? PhotoItemId { get; init; }

    /// <summary>
    /// Gets the caller's name for <see cref="Photo"/>, recorded in the conversation so that a follow-up can use the photo
    /// again through <see cref="PhotoResolver"/>; null records no reference (a follow-up then goes on without the photo).
    /// </summary>
    public string? PhotoReference { get; init; }

    /// <summary>
    /// Gets the function that gives back an earlier uploaded photo by its <see cref="PhotoReference"/> when a follow-up
    /// needs it, or null when it is gone (the follow-up then goes on without it).
    /// </summary>
    public Func<string, CancellationToken, ValueTask<ImageInput?>>? PhotoResolver { get; init; }
}
