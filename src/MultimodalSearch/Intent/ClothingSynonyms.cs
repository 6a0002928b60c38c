using System.Collections.Frozen;

namespace MultimodalSearch;

/// <summary>The built-in clothing vocabulary: words shoppers use, mapped to the usual category names.</summary>
/// <remarks>
/// Only targets the catalog has take effect, so a catalog without <c>jersey</c> is never offered one because a
/// shopper wrote "sweater". Words that name several things (denim, top, polo neck) are left out on purpose:
/// a wrong category is worse than none, which searches the whole catalog.
/// </remarks>
internal static class ClothingSynonyms
{
    public static IReadOnlyDictionary<string, string> Table { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["tee"] = "t-shirt",
        ["t shirt"] = "t-shirt",
        ["tshirt"] = "t-shirt",
        ["tee shirt"] = "t-shirt",
        ["polo shirt"] = "t-shirt",
        ["blouse"] = "shirt",
        ["button down"] = "shirt",
        ["button up"] = "shirt",
        ["dress shirt"] = "shirt",
        ["flannel shirt"] = "shirt",
        ["trousers"] = "pants",
        ["chinos"] = "pants",
        ["jeans"] = "pants",
        ["slacks"] = "pants",
        ["joggers"] = "pants",
        ["sweatpants"] = "pants",
        ["khakis"] = "pants",
        ["sneakers"] = "shoes",
        ["trainers"] = "shoes",
        ["boots"] = "shoes",
        ["loafers"] = "shoes",
        ["sandals"] = "shoes",
        ["heels"] = "shoes",
        ["footwear"] = "shoes",
        ["coat"] = "jacket",
        ["overcoat"] = "jacket",
        ["raincoat"] = "jacket",
        ["blazer"] = "jacket",
        ["parka"] = "jacket",
        ["anorak"] = "jacket",
        ["windbreaker"] = "jacket",
        ["puffer"] = "jacket",
        ["sweater"] = "jersey",
        ["jumper"] = "jersey",
        ["pullover"] = "jersey",
        ["hoodie"] = "jersey",
        ["sweatshirt"] = "jersey",
        ["cardigan"] = "jersey",
    }.ToFrozenDictionary(StringComparer.OrdinalIgnoreCase);
}
