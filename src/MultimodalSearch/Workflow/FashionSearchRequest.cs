namespace MultimodalSearch;

/// <summary>One shopper request: a message, a photo, or both.</summary>
/// <param name="Message">The shopper's message as written; may be empty when a photo is given.</param>
/// <param name="Photo">The shopper's photo, or null.</param>
public sealed record FashionSearchRequest(string Message, ImageInput? Photo = null);
