using System.Globalization;
using System.Text;
using FashionSearch.Web.Options;
using Microsoft.AspNetCore.Http.Features;
using MultimodalSearch;

namespace FashionSearch.Web.Api;

/// <summary>
/// Reads the multipart (or URL-encoded) ask form with limits: the whole body, the photo
/// (<see cref="WebAppOptions.MaxPhotoBytes"/>) and the conversation (<see cref="WebAppOptions.MaxConversationBytes"/>).
/// A request over a limit fails with a 413 naming the limit before its body is read (when it declares its length)
/// or as soon as the limit is passed (when it does not).
/// </summary>
internal static class AskFormReader
{
    // Room for the message, the boundaries and the part headers besides the photo and the conversation.
    private const int FormOverheadBytes = 64 * 1024;

    /// <summary>Gets the largest ask request body accepted.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The limit in bytes.</returns>
    public static long MaxBodyBytes(WebAppOptions options) => options.MaxPhotoBytes + options.MaxConversationBytes + FormOverheadBytes;

    /// <summary>Reads and checks the form.</summary>
    /// <param name="request">The request.</param>
    /// <param name="options">The options.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ApiException">The request is too large, not a form, or a field is malformed.</exception>
    /// <exception cref="InvalidImageException">The photo does not start as a supported image does.</exception>
    public static async Task<AskInput> ReadAsync(HttpRequest request, WebAppOptions options, CancellationToken cancellationToken)
    {
        var maxBody = MaxBodyBytes(options);
        if (request.ContentLength > maxBody)
        {
            throw TooLarge($"The request body has {Bytes(request.ContentLength.Value)}; at most {Bytes(maxBody)} are accepted (a photo of up to {Bytes(options.MaxPhotoBytes)}, FashionSearchWeb:MaxPhotoBytes).");
        }

        if (request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } sizeFeature)
        {
            sizeFeature.MaxRequestBodySize = maxBody;
        }

        if (!request.HasFormContentType)
        {
            throw new ApiException(StatusCodes.Status415UnsupportedMediaType, "Unsupported media type",
                "Send the request as multipart/form-data with the fields message, photo (a file) and conversation (JSON), each optional.");
        }

        request.HttpContext.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            MultipartBodyLengthLimit = maxBody,
            ValueLengthLimit = Math.Max(options.MaxConversationBytes, 16 * 1024),
            ValueCountLimit = 16,
            KeyLengthLimit = 64,
            MemoryBufferThreshold = 1024 * 1024,
        }));

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex) when (ex.Message.Contains("limit", StringComparison.OrdinalIgnoreCase))
        {
            throw TooLarge($"The form is over a limit: {ex.Message} (a photo may have up to {Bytes(options.MaxPhotoBytes)}, FashionSearchWeb:MaxPhotoBytes).");
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            throw TooLarge($"The request body is larger than {Bytes(maxBody)} (a photo may have up to {Bytes(options.MaxPhotoBytes)}, FashionSearchWeb:MaxPhotoBytes).");
        }

        if (form.Files.Count > 1)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "Invalid request", $"Send at most one photo; the form has {form.Files.Count} files.");
        }

        var message = Single(form, "message") ?? "";
        var conversation = Single(form, "conversation");
        if (conversation is not null && Encoding.UTF8.GetByteCount(conversation) > options.MaxConversationBytes)
        {
            throw TooLarge($"The conversation has more than {Bytes(options.MaxConversationBytes)} (FashionSearchWeb:MaxConversationBytes); start a new conversation.");
        }

        var itemId = Single(form, "photoItemId");
        if (itemId is not null)
        {
            ItemIds.Require(itemId, "photoItemId");
        }

        var file = form.Files.Count == 1 ? form.Files[0] : null;
        if (file is not null && itemId is not null)
        {
            throw new ApiException(StatusCodes.Status400BadRequest, "Invalid request", "Send either a photo or photoItemId, not both.");
        }

        ReadOnlyMemory<byte>? photo = null;
        var photoName = "photo";
        if (file is not null)
        {
            if (file.Length > options.MaxPhotoBytes)
            {
                throw TooLarge($"The photo has {Bytes(file.Length)}; at most {Bytes(options.MaxPhotoBytes)} are accepted (FashionSearchWeb:MaxPhotoBytes).");
            }

            if (file.Length == 0)
            {
                throw new ApiException(StatusCodes.Status400BadRequest, "The photo cannot be used", "The photo is empty (0 bytes).");
            }

            photoName = SafeName(file.FileName);

            // The library's bounded read: the header is checked before the rest is read, within the same limit.
            var stream = file.OpenReadStream();
            await using (stream.ConfigureAwait(false))
            {
                photo = await ImageInput.FromStream(stream, photoName, options.MaxPhotoBytes).ReadAsync(cancellationToken).ConfigureAwait(false);
            }
        }

        return new AskInput(message, photo, photoName, itemId, string.IsNullOrWhiteSpace(conversation) ? null : conversation);
    }

    /// <summary>A name for the upload in messages: the client's file name without its folders, printable, short. Never a path on the server.</summary>
    /// <param name="fileName">The client's file name.</param>
    /// <returns>The name.</returns>
    internal static string SafeName(string? fileName)
    {
        var name = new string((Path.GetFileName(fileName?.Replace('\\', '/')) ?? "").Where(c => !char.IsControl(c) && c != '\'').Take(80).ToArray());
        return name.Length == 0 ? "photo" : name;
    }

    private static string? Single(IFormCollection form, string key)
    {
        var values = form[key];
        return values.Count switch
        {
            0 => null,
            1 => values[0],
            _ => throw new ApiException(StatusCodes.Status400BadRequest, "Invalid request", $"The field '{key}' appears {values.Count} times; send it once."),
        };
    }

    private static ApiException TooLarge(string detail) => new(StatusCodes.Status413PayloadTooLarge, "The request is too large", detail);

    private static string Bytes(long bytes) => string.Create(CultureInfo.InvariantCulture, $"{bytes:N0} bytes");
}
