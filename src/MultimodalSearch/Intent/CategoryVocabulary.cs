using System.Text;

namespace MultimodalSearch;

/// <summary>
/// The words that name each category of one catalog: the category names themselves and the synonyms whose
/// target the catalog has, each with its regular plural (and singular, for names that end in s).
/// </summary>
/// <remarks>
/// A mention is plural when its last word is a regular plural ("t-shirts", "coats", "shirts"), except for words
/// that name one thing in the plural ("pants", "jeans", "shoes": shoppers say "brown shoes" for one pair).
/// Category names win over synonyms, so a catalog with its own <c>jeans</c> category keeps it.
/// </remarks>
internal sealed class CategoryVocabulary
{
    private readonly Dictionary<string, Term> _terms = new(StringComparer.Ordinal);
    private readonly int _maxTermLength;

    /// <summary>Builds the vocabulary of a catalog.</summary>
    /// <param name="categories">The catalog's categories.</param>
    /// <param name="synonyms">Words mapped to category names (matched loosely to the catalog's).</param>
    public CategoryVocabulary(IReadOnlyList<string> categories, IEnumerable<KeyValuePair<string, string>> synonyms)
    {
        Categories = categories;
        var byKey = new Dictionary<string, string>(StringComparer.Ordinal);
        var byLastWord = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        foreach (var category in categories)
        {
            var tokens = MessageText.Tokenize(category);
            if (tokens.Count == 0)
            {
                continue;
            }

            AddBase(tokens, category);
            AddBase([string.Concat(tokens)], category);
            byKey.TryAdd(Key(category), category);
            var last = LooseKey(tokens[^1]);
            if (!byLastWord.TryGetValue(last, out var list))
            {
                byLastWord[last] = list = [];
            }

            list.Add(category);
        }

        foreach (var (word, target) in synonyms)
        {
            if (string.IsNullOrWhiteSpace(target))
            {
                continue;
            }

            var category = byKey.GetValueOrDefault(Key(target))
                ?? (byLastWord.TryGetValue(Key(target), out var candidates) && candidates.Count == 1 ? candidates[0] : null);
            if (category is null)
            {
                continue;
            }

            AddBase(MessageText.Tokenize(word), category);

            // The target's own words name the category too: "shoes" finds a catalog that calls them "Casual Shoes".
            AddBase(MessageText.Tokenize(target), category);
        }

        foreach (var (key, term) in _terms.ToList())
        {
            var tokens = key.Split(' ');
            var last = tokens[^1];
            AddDerived(tokens, EnglishPlural.Pluralize(last), term.Category);
            if (EnglishPlural.Singularize(last) is { } singular)
            {
                AddDerived(tokens, singular, term.Category);
            }
        }

        _maxTermLength = _terms.Keys.Select(key => key.Count(c => c == ' ') + 1).DefaultIfEmpty(1).Max();
    }

    /// <summary>Gets the catalog's categories.</summary>
    public IReadOnlyList<string> Categories { get; }

    /// <summary>Maps a name to a catalog category: the category itself (ignoring case), a synonym or a plural of either.</summary>
    /// <param name="name">The name, for example from a language model's reply.</param>
    /// <returns>The catalog category, or null when the name names none.</returns>
    public string? Resolve(string name)
    {
        foreach (var category in Categories)
        {
            if (string.Equals(category, name, StringComparison.OrdinalIgnoreCase))
            {
                return category;
            }
        }

        var tokens = MessageText.Tokenize(name);
        return _terms.TryGetValue(string.Join(' ', tokens), out var term) ? term.Category
            : _terms.TryGetValue(string.Concat(tokens), out term) ? term.Category
            : null;
    }

    /// <summary>Finds the category names in a message, longest phrase first, left to right, without overlaps.</summary>
    /// <param name="tokens">The message's tokens.</param>
    /// <returns>The mentions in message order.</returns>
    public IReadOnlyList<CategoryMention> FindMentions(IReadOnlyList<string> tokens)
    {
        var mentions = new List<CategoryMention>();
        var phrase = new StringBuilder();
        for (var start = 0; start < tokens.Count;)
        {
            var matched = 0;
            for (var length = Math.Min(_maxTermLength, tokens.Count - start); length > 0 && matched == 0; length--)
            {
                phrase.Clear().AppendJoin(' ', tokens.Skip(start).Take(length));
                if (_terms.TryGetValue(phrase.ToString(), out var term))
                {
                    mentions.Add(new CategoryMention(term.Category, start, length, EnglishPlural.IsPluralItem(tokens[start + length - 1])));
                    matched = length;
                }
            }

            start += Math.Max(matched, 1);
        }

        return mentions;
    }

    // A loose key makes "T-Shirts", "tshirt" and "t shirt" one name: letters and digits only, singular.
    private static string Key(string name) => LooseKey(string.Concat(MessageText.Tokenize(name)));

    private static string LooseKey(string word) => EnglishPlural.Singularize(word) ?? word;

    private void AddBase(IReadOnlyList<string> tokens, string category)
    {
        if (tokens.Count == 0)
        {
            return;
        }

        // Categories are added first, so a synonym never takes a category's own name.
        var key = string.Join(' ', tokens);
        if (!_terms.TryGetValue(key, out var existing) || existing.IsDerived)
        {
            _terms[key] = new Term(category, IsDerived: false);
        }
    }

    private void AddDerived(string[] tokens, string last, string category)
    {
        var key = string.Join(' ', tokens.SkipLast(1).Append(last));
        _terms.TryAdd(key, new Term(category, IsDerived: true));
    }

    private readonly record struct Term(string Category, bool IsDerived);
}
