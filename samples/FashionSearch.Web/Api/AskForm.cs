namespace FashionSearch.Web.Api;

/// <summary>The ask form as the OpenAPI document describes it (the endpoint reads it itself, with limits).</summary>
internal sealed class AskForm
{
    /// <summary>Gets or sets the shopper's message; may be empty when a photo is sent.</summary>
    public string? Message { get; set; }

    /// <summary>Gets or sets the photo (JPEG, PNG, WebP, GIF or BMP), at most FashionSearchWeb:MaxPhotoBytes.</summary>
    public IFormFile? Photo { get; set; }

    /// <summary>Gets or sets a catalog item id whose image is this turn's photo ("more like this", "what goes with this").</summary>
    public string? PhotoItemId { get; set; }

    /// <summary>Gets or sets the conversation so far: the <c>conversation</c> of the previous answer, as JSON.</summary>
    public string? Conversation { get; set; }
}
