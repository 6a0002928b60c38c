using System.Collections.Frozen;

namespace MultimodalSearch;

/// <summary>
/// Words for things a clothing shopper may ask for. A word here that names no category of the catalog (after its
/// synonyms) is reported as unmatched ("two hats" in a shop without hats), instead of silently searching something else.
/// </summary>
/// <remarks>
/// Only the words matter that a catalog may lack; a catalog's own categories and synonyms always win over this list.
/// Words that are also ordinary English ("top", "suit" as a verb) are left out: a false "we don't sell that" is worse
/// than none.
/// </remarks>
internal static class ProductWords
{
    /// <summary>The singular forms.</summary>
    public static readonly FrozenSet<string> Singular = FrozenSet.Create(
        StringComparer.Ordinal,
        "hat", "cap", "beanie", "beret", "fedora", "scarf", "shawl", "dress", "gown", "skirt", "shorts", "sock", "socks", "stocking", "stockings",
        "tights", "leggings", "bag", "handbag", "purse", "backpack", "tote", "clutch", "belt", "glove", "mitten", "sunglasses", "glasses", "watch",
        "necktie", "bowtie", "bra", "lingerie", "underwear", "boxers", "briefs", "swimsuit", "swimwear", "bikini", "trunks", "jewelry", "jewellery",
        "necklace", "ring", "earring", "bracelet", "wallet", "umbrella", "sandal", "sandals", "heels", "slippers", "flipflops", "suit", "tuxedo",
        "vest", "waistcoat", "jumpsuit", "romper", "overalls", "dungarees", "pyjamas", "pajamas", "nightgown", "robe", "bathrobe", "kimono",
        "poncho", "cape", "headband", "bandana", "tie", "cufflinks", "perfume", "cologne", "tank", "camisole", "bodysuit", "leotard", "kilt",
        "sari", "saree", "kurta", "tunic", "apron", "uniform", "costume", "wig", "mask", "brooch", "anklet", "pendant", "luggage", "suitcase");

    /// <summary>Gets the singular product word a token names, or null when it names none.</summary>
    /// <param name="token">A lower-case token.</param>
    /// <returns>The product word.</returns>
    public static string? Find(string token) =>
        Singular.Contains(token) ? token
        : EnglishPlural.Singularize(token) is { } singular && Singular.Contains(singular) ? singular
        : null;
}
