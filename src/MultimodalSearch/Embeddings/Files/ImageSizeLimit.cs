using System.Globalization;

namespace MultimodalSearch;

/// <summary>The most bytes an encoded image may have, and the setting that says so (named in the error).</summary>
/// <param name="MaxBytes">The limit in bytes.</param>
/// <param name="Setting">The option or configuration key that sets it, or null.</param>
internal readonly record struct ImageSizeLimit(long MaxBytes, string? Setting)
{
    /// <summary>Gets the limit as the errors word it, for example "52,428,800 bytes (MultimodalSearch:Ingestion:MaxImageBytes)".</summary>
    public string Description => string.Create(CultureInfo.InvariantCulture, $"{MaxBytes:N0} bytes") + (Setting is null ? "" : $" ({Setting})");

    /// <summary>Checks a limit given by a caller.</summary>
    /// <param name="maxBytes">The limit.</param>
    /// <param name="paramName">The caller's parameter.</param>
    /// <exception cref="ArgumentOutOfRangeException">The limit is below 1 or above <see cref="Array.MaxLength"/>.</exception>
    public static void Validate(long maxBytes, string paramName)
    {
        if (maxBytes < 1 || maxBytes > Array.MaxLength)
        {
            throw new ArgumentOutOfRangeException(paramName, maxBytes, $"The image size limit must be from 1 to {Array.MaxLength} bytes.");
        }
    }
}
