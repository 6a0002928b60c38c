namespace MultimodalSearch;

/// <summary>
/// An image cannot be used: unreadable, empty, truncated, not an image, an unsupported format, or
/// larger than allowed. <see cref="ImageName"/> names the image and <see cref="Reason"/> says why.
/// </summary>
public sealed class InvalidImageException : Exception
{
    /// <summary>Creates the exception.</summary>
    /// <param name="imageName">The image's path or name.</param>
    /// <param name="reason">Why it cannot be used, in a few words.</param>
    /// <param name="innerException">The underlying error, if any.</param>
    public InvalidImageException(string imageName, string reason, Exception? innerException = null)
        : base($"Image '{imageName}': {reason}", innerException)
    {
        ImageName = imageName;
        Reason = reason;
    }

    /// <summary>Gets the image's path or name.</summary>
    public string ImageName { get; }

    /// <summary>Gets why the image cannot be used.</summary>
    public string Reason { get; }
}
