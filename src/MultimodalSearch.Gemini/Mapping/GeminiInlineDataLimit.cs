using System.Globalization;
using MultimodalSearch.Gemini.Wire;

namespace MultimodalSearch.Gemini.Mapping;

/// <summary>
/// Refuses a request whose inline data is over the documented limit before it is sent: Google answers such a
/// request with a 400 (or drops the connection) only after the whole upload, which can be tens of megabytes.
/// </summary>
internal static class GeminiInlineDataLimit
{
    /// <exception cref="ArgumentException">The inline data adds up to more than <paramref name="maxBytes"/>.</exception>
    public static void ThrowIfTooLarge(IEnumerable<GeminiContent> contents, long maxBytes, string paramName)
    {
        long total = 0;
        foreach (var part in contents.SelectMany(c => c.Parts ?? []))
        {
            if (part.InlineData is { } blob)
            {
                // Base64 carries 3 bytes in 4 characters.
                total += blob.Data.Length / 4 * 3;
            }
        }

        if (total > maxBytes)
        {
            throw new ArgumentException(
                string.Create(CultureInfo.InvariantCulture, $"The request carries {total / 1048576.0:0.#} MB of inline data (DataContent); Gemini accepts at most {maxBytes / 1048576.0:0.#} MB per request. Send large files by URI instead (UriContent: a Files API URI or a gs:// URI on Vertex AI), or make the images smaller."),
                paramName);
        }
    }
}
