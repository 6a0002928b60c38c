namespace FashionSearch.Web.Api;

/// <summary>One ask request as read from the form, checked for size, before the library sees it.</summary>
/// <param name="Message">The shopper's message (empty when only a photo came).</param>
/// <param name="Photo">The uploaded photo's bytes, or null.</param>
/// <param name="PhotoName">A safe name for the photo in error messages.</param>
/// <param name="PhotoItemId">A catalog item whose image is the photo ("more like this", "what goes with this").</param>
/// <param name="ConversationJson">The conversation so far as the client keeps it, or null for a new one.</param>
internal sealed record AskInput(string Message, ReadOnlyMemory<byte>? Photo, string PhotoName, string? PhotoItemId, string? ConversationJson);
