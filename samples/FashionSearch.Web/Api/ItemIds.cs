namespace FashionSearch.Web.Api;

/// <summary>
/// Checks item ids from clients before they reach the store. An id is only ever looked up in the catalog, never used as a
/// path; this check refuses what no catalog id should look like (separators, dot segments, control characters, very long).
/// </summary>
internal static class ItemIds
{
    /// <summary>The longest id accepted.</summary>
    public const int MaxLength = 128;

    /// <summary>Whether <paramref name="id"/> may be looked up.</summary>
    /// <param name="id">The id as the client sent it (already URL-decoded by routing).</param>
    /// <returns>True when it is plausible.</returns>
    public static bool IsWellFormed(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength || id.StartsWith('.') || id.Contains("..", StringComparison.Ordinal))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Throws a 400 problem when <paramref name="id"/> is not well formed.</summary>
    /// <param name="id">The id.</param>
    /// <param name="field">The field or route value that carried it.</param>
    /// <returns>The id.</returns>
    /// <exception cref="ApiException">The id is not well formed.</exception>
    public static string Require(string? id, string field) => IsWellFormed(id)
        ? id!
        : throw new ApiException(StatusCodes.Status400BadRequest, "Invalid item id",
            $"'{field}' must be a catalog item id: 1 to {MaxLength} letters, digits, '-', '_' or '.', not starting with '.' and without '..'.");

    /// <summary>Gets the URL of an item's thumbnail.</summary>
    /// <param name="id">The item id.</param>
    /// <returns>The relative URL.</returns>
    public static string ImageUrl(string id) => "/api/items/" + Uri.EscapeDataString(id) + "/image";
}
