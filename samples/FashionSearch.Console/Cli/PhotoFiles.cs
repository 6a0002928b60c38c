using MultimodalSearch;

namespace FashionSearch.Console.Cli;

/// <summary>
/// The shopper's photos are files: a request records a photo by its full path, and a follow-up that needs it again
/// ("in red instead" after a photo) reopens it from there (gone: the follow-up goes on without it).
/// </summary>
internal static class PhotoFiles
{
    /// <summary>A request for <paramref name="message"/> with the photo at <paramref name="photo"/> (or none), continuing <paramref name="conversation"/>.</summary>
    public static FashionSearchRequest Request(string message, string? photo, FashionConversation? conversation) =>
        new(message, photo is null ? null : ImageInput.FromFile(Path.GetFullPath(photo)))
        {
            Conversation = conversation,
            PhotoReference = photo is null ? null : Path.GetFullPath(photo),
            PhotoResolver = ResolveAsync,
        };

    private static ValueTask<ImageInput?> ResolveAsync(string reference, CancellationToken cancellationToken) =>
        ValueTask.FromResult(File.Exists(reference) ? ImageInput.FromFile(reference) : null);
}
