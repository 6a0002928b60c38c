using System.Globalization;

namespace MultimodalSearch.Evaluation;

/// <summary>
/// Generates judged queries from the attributes of catalog items (category, colour, pattern), so that a
/// catalog with labelled items can be evaluated without judging queries by hand: relevance is attribute match.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item>Text: each template of <see cref="AttributeQueryOptions.ColourTemplates"/> for every category and colour
/// (relevant: that category and colour), and of <see cref="AttributeQueryOptions.PatternTemplates"/> for every
/// category, colour and pattern (relevant: all three).</item>
/// <item>Photo: the first <see cref="AttributeQueryOptions.PhotosPerGroup"/> items (by id) of every category,
/// colour and pattern with at least two items, each as the photo (its stored embedding); relevant: the other
/// items of its group.</item>
/// <item>Photo + text: each of those photos with a text asking for another colour of its category and pattern
/// (colours taken in turn); relevant: the items of the photo's category and pattern in that colour.</item>
/// </list>
/// Items without the colour attribute are left out. The output is deterministic: the same items give the same queries.
/// </remarks>
public static class AttributeQuerySet
{
    /// <summary>Generates the queries.</summary>
    /// <param name="items">The catalog's items.</param>
    /// <param name="options">The options, or null for the defaults.</param>
    /// <returns>The queries: text, then photo, then photo + text; empty when no item has the colour attribute.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="items"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid.</exception>
    public static IReadOnlyList<JudgedQuery> Create(IEnumerable<LabelledItem> items, AttributeQueryOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(items);
        options ??= new AttributeQueryOptions();
        options.Validate();
        var labelled = items
            .Select(item => new Labels(item.Id, item.Category, Attribute(item, options.ColourKey)!, options.PatternKey is null ? null : Attribute(item, options.PatternKey)))
            .Where(l => l.Colour is not null)
            .OrderBy(l => l.Id, StringComparer.Ordinal)
            .ToList();
        var queries = new QueryList();
        AddTextQueries(labelled, options, queries);
        AddPhotoQueries(labelled, options, queries);
        return queries.Items;
    }

    private static void AddTextQueries(List<Labels> items, AttributeQueryOptions options, QueryList queries)
    {
        foreach (var group in items.GroupBy(i => (i.Category, i.Colour)).OrderBy(g => g.Key.Category, StringComparer.Ordinal).ThenBy(g => g.Key.Colour, StringComparer.Ordinal))
        {
            var relevance = Relevant(group);
            foreach (var template in options.ColourTemplates)
            {
                var text = Fill(template, group.Key.Category, group.Key.Colour, pattern: null);
                queries.Add("text: " + text, new JudgedQuery { Id = "", Text = text, Relevance = relevance });
            }
        }

        foreach (var group in items.Where(i => i.Pattern is not null).GroupBy(i => (i.Category, i.Colour, i.Pattern))
            .OrderBy(g => g.Key.Category, StringComparer.Ordinal).ThenBy(g => g.Key.Colour, StringComparer.Ordinal).ThenBy(g => g.Key.Pattern, StringComparer.Ordinal))
        {
            var relevance = Relevant(group);
            foreach (var template in options.PatternTemplates)
            {
                var text = Fill(template, group.Key.Category, group.Key.Colour, group.Key.Pattern);
                queries.Add("text: " + text, new JudgedQuery { Id = "", Text = text, Relevance = relevance });
            }
        }
    }

    private static void AddPhotoQueries(List<Labels> items, AttributeQueryOptions options, QueryList queries)
    {
        var groups = items.GroupBy(i => (i.Category, i.Colour, i.Pattern))
            .Where(g => g.Count() >= 2)
            .OrderBy(g => g.Key.Category, StringComparer.Ordinal).ThenBy(g => g.Key.Colour, StringComparer.Ordinal).ThenBy(g => g.Key.Pattern, StringComparer.Ordinal)
            .ToList();
        var photos = groups.SelectMany(g => g.Take(options.PhotosPerGroup).Select(photo => (photo, group: g))).ToList();
        foreach (var (photo, group) in photos)
        {
            queries.Add("photo: " + photo.Id, new JudgedQuery { Id = "", ImageItemId = photo.Id, Relevance = Relevant(group.Where(i => i.Id != photo.Id)) });
        }

        var photoTexts = 0;
        for (var p = 0; p < photos.Count; p++)
        {
            var photo = photos[p].photo;
            var otherColours = items.Where(i => i.Category == photo.Category && i.Pattern == photo.Pattern && i.Colour != photo.Colour)
                .GroupBy(i => i.Colour)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .ToList();
            for (var c = 0; c < Math.Min(options.ColoursPerPhoto, otherColours.Count); c++)
            {
                // Rotate through the other colours so that every colour is asked for about as often.
                var target = otherColours[(p + c) % otherColours.Count];
                var template = options.PhotoTextTemplates[photoTexts++ % options.PhotoTextTemplates.Count];
                var text = Fill(template, photo.Category, target.Key, photo.Pattern);
                queries.Add($"photo+text: {photo.Id} {text}", new JudgedQuery { Id = "", ImageItemId = photo.Id, Text = text, Relevance = Relevant(target) });
            }
        }
    }

    private static Dictionary<string, int> Relevant(IEnumerable<Labels> items) => items.ToDictionary(i => i.Id, _ => 1, StringComparer.Ordinal);

    private static string? Attribute(LabelledItem item, string key) =>
        item.Metadata.TryGetValue(key, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    private static string Fill(string template, string category, string colour, string? pattern)
    {
        var word = category.ToLowerInvariant();
        return template
            .Replace("{categories}", Plural(word), StringComparison.Ordinal)
            .Replace("{category}", word, StringComparison.Ordinal)
            .Replace("{colour}", colour.ToLowerInvariant(), StringComparison.Ordinal)
            .Replace("{pattern}", pattern?.ToLowerInvariant() ?? "", StringComparison.Ordinal)
            .Trim();
    }

    // "pants" and "shoes" are already plural in form.
    private static string Plural(string category) => category.EndsWith('s') ? category : EnglishPlural.Pluralize(category);

    private sealed record Labels(string Id, string Category, string Colour, string? Pattern);

    /// <summary>Queries with unique ids: a second query with the same id (two categories that differ only in case) gets a number.</summary>
    private sealed class QueryList
    {
        private readonly HashSet<string> _ids = new(StringComparer.Ordinal);

        public List<JudgedQuery> Items { get; } = [];

        public void Add(string id, JudgedQuery query)
        {
            var unique = id;
            for (var n = 2; !_ids.Add(unique); n++)
            {
                unique = string.Create(CultureInfo.InvariantCulture, $"{id} ({n})");
            }

            Items.Add(query with { Id = unique });
        }
    }
}
