using FashionSearch.Web.Options;
using FashionSearch.Web.Uploads;
using Microsoft.Extensions.Options;
using MultimodalSearch;

namespace FashionSearch.Web.Api;

/// <summary>
/// Turns checked form input into a workflow request (the upload kept in the <see cref="UploadCache"/>, a card's item
/// looked up in the catalog) and the workflow's answer into the API's JSON.
/// </summary>
internal sealed class AskService(FashionSearchWorkflow workflow, ICatalogStore store, UploadCache uploads, IOptions<WebAppOptions> options)
{
    /// <summary>Gets the workflow.</summary>
    public FashionSearchWorkflow Workflow => workflow;

    /// <summary>Gets the options.</summary>
    public WebAppOptions Options => options.Value;

    /// <summary>Answers one request.</summary>
    /// <param name="input">The checked input.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The response.</returns>
    public async Task<AskResponse> AskAsync(AskInput input, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAsync(input, cancellationToken).ConfigureAwait(false);
        try
        {
            var result = await workflow.AskAsync(prepared.Request, cancellationToken).ConfigureAwait(false);
            return AskResponse.From(result, prepared.UploadId);
        }
        catch (Exception ex) when (ex is InvalidImageException or ArgumentException)
        {
            Forget(prepared);
            throw;
        }
    }

    /// <summary>Builds the workflow request.</summary>
    /// <param name="input">The checked input.</param>
    /// <param name="cancellationToken">Cancels the look-ups.</param>
    /// <returns>The request and the id of the upload kept for it, if any.</returns>
    /// <exception cref="ApiException">The card's item is not in the catalog (404), or the conversation is not valid JSON (400).</exception>
    public async Task<PreparedAsk> PrepareAsync(AskInput input, CancellationToken cancellationToken)
    {
        var conversation = ConversationJson.Parse(input.ConversationJson);
        if (input.PhotoItemId is { } itemId && await store.GetAsync(itemId, cancellationToken).ConfigureAwait(false) is null)
        {
            throw new ApiException(StatusCodes.Status404NotFound, "No such item", $"The catalog has no item '{itemId}'.");
        }

        ImageInput? photo = null;
        string? uploadId = null;
        if (input.Photo is { } bytes)
        {
            uploadId = uploads.Add(bytes);
            photo = ImageInput.FromBytes(bytes, input.PhotoName);
        }

        var request = new FashionSearchRequest(input.Message, photo)
        {
            Conversation = conversation,
            PhotoItemId = input.PhotoItemId,
            PhotoReference = uploadId,
            PhotoResolver = ResolveUpload,
        };
        return new PreparedAsk(request, uploadId);
    }

    // Only ids this server issued resolve; anything else a client put in its conversation is treated as expired.
    private ValueTask<ImageInput?> ResolveUpload(string reference, CancellationToken cancellationToken) =>
        new(uploads.Get(reference) is { } bytes ? ImageInput.FromBytes(bytes, "your earlier photo") : null);

    /// <summary>Forgets the upload of a request the workflow refused, so that a bad photo is not kept.</summary>
    /// <param name="prepared">The request.</param>
    public void Forget(PreparedAsk prepared)
    {
        if (prepared.UploadId is { } id)
        {
            uploads.Remove(id);
        }
    }
}
