using System.Globalization;
using System.Text;

namespace MultimodalSearch;

/// <summary>
/// The offline stylist: describes what was found per category (names and colours) and says plainly which
/// categories came up empty or short.
/// </summary>
internal sealed class TemplateStylistAssistant : IStylistAssistant
{
    /// <inheritdoc />
    public Task<StylistAdvice> AdviseAsync(StylistRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Advise(request));
    }

    /// <summary>Writes the template advice.</summary>
    /// <param name="request">The request.</param>
    /// <param name="fallbackReason">Why a language model's advice was not used, if that is why this runs.</param>
    /// <returns>The advice.</returns>
    public static StylistAdvice Advise(StylistRequest request, string? fallbackReason = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = new StringBuilder();
        var more = request.FollowUp == FollowUpKind.More;
        if (request.Unmatched.Count > 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"Sorry, the shop does not carry {Join([.. request.Unmatched.Select(Plural)], "or")}.");
            if (request.Items.Count == 0 && request.CatalogCategories.Count > 0)
            {
                text.Append(CultureInfo.InvariantCulture, $" It has {Join([.. request.CatalogCategories.Select(Plural)], "and")}: ask for any of those.");
            }
        }

        if (request.Items.Count == 0)
        {
            if (request.Categories.Count > 0 || request.Unmatched.Count == 0)
            {
                text.Append(text.Length > 0 ? " " : "").Append(
                    more ? $"I have no more {(request.Categories.Count == 0 ? "items" : Join([.. request.Categories.Select(Plural)], "or"))} to show for this request."
                    : request.Categories.Count == 0 ? "I could not find anything in the catalog for this request."
                    : $"I could not find any {Join(request.Categories, "or")} in the catalog for this request.");
            }

            return new StylistAdvice(text.ToString(), ResultSource.Offline, fallbackReason);
        }

        text.Append(text.Length > 0 ? " " : "").Append(
            more ? "Here are more for you."
            : request.Photo is null ? "Here is what I found for you."
            : request.Relation == PhotoRelation.Similar ? "Here is what I found like your photo."
            : "Here is what I found to go with your photo.");
        if (request.Categories.Count == 0)
        {
            text.Append(" From the whole catalog: ")
                .Append(Join([.. request.Items.Select(i => $"{Describe(i)} ({i.Category})")], "and"))
                .Append('.');
        }

        foreach (var (category, items) in request.Categories.Count == 0 ? [] : CatalogHitDescription.ByCategory(request.Categories, request.Items))
        {
            text.Append(' ');
            if (items.Count == 0)
            {
                text.Append(more ? $"I have no more {Plural(category)} that match." : $"I found no {category} that matches.");
                continue;
            }

            text.Append(items.Count < request.Count ? $"For {category}, only {items.Count} of the {request.Count} you asked for: " : $"For {category}: ")
                .Append(Join([.. items.Select(Describe)], "and"))
                .Append('.');
        }

        return new StylistAdvice(text.ToString(), ResultSource.Offline, fallbackReason);
    }

    // "hat" -> "hats", but "shorts" and "shoes" stay.
    private static string Plural(string word) => word.EndsWith('s') ? word : EnglishPlural.Pluralize(word);

    // The colour is worth saying only when the name does not already say it ("Black T-Shirt" is black).
    private static string Describe(CatalogHit hit)
    {
        var name = CatalogHitDescription.Name(hit);
        var colour = CatalogHitDescription.Colour(hit);
        return colour is null || name.Contains(colour, StringComparison.OrdinalIgnoreCase) ? name : $"{name} in {colour}";
    }

    private static string Join(IReadOnlyList<string> parts, string conjunction) => parts.Count switch
    {
        0 => "",
        1 => parts[0],
        _ => string.Join(", ", parts.Take(parts.Count - 1)) + $" {conjunction} " + parts[^1],
    };
}
