namespace FashionSearch.Web.Load;

/// <summary>One request of the mix: a message and, for photo requests, a demo catalog image.</summary>
/// <param name="Message">The message.</param>
/// <param name="Photo">The photo's bytes, or null.</param>
/// <param name="PhotoName">The photo's file name.</param>
internal sealed record LoadRequest(string Message, byte[]? Photo, string PhotoName)
{
    private static readonly string[] TextMessages =
    [
        "show me two black t-shirts", "I need a green jacket and brown shoes", "three red shirts", "a striped jersey",
        "blue pants", "something in yellow", "polka dot shoes", "a white shirt and black pants",
    ];

    private static readonly string[] PhotoMessages = ["what goes with this?", "the same in red", "pants to go with this", ""];

    /// <summary>Builds the mix: text and photo requests alternating, photos from the demo catalog.</summary>
    /// <param name="catalog">The demo catalog folder.</param>
    /// <param name="count">How many distinct requests.</param>
    /// <returns>The requests.</returns>
    public static IReadOnlyList<LoadRequest> Mix(string catalog, int count)
    {
        var images = Directory.EnumerateFiles(Path.Combine(catalog, "images"), "*.jpg", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var requests = new List<LoadRequest>(count);
        for (var i = 0; i < count; i++)
        {
            if (i % 2 == 0)
            {
                requests.Add(new LoadRequest(TextMessages[i / 2 % TextMessages.Length], null, ""));
            }
            else
            {
                var image = images[i * 37 % images.Count];
                requests.Add(new LoadRequest(PhotoMessages[i / 2 % PhotoMessages.Length], File.ReadAllBytes(image), Path.GetFileName(image)));
            }
        }

        return requests;
    }
}
