using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MultimodalSearch;

/// <summary>
/// The offline classifier: finds category names, synonyms and plurals in the message, and the numbers and
/// words ("some", "not") in the few words before each.
/// </summary>
/// <remarks>
/// A number or negation belongs to a category name when it stands at most <see cref="LookBack"/> words before
/// it in the same phrase ("two black t-shirts", "3 pairs of jeans", "no shoes"); "and", "or", "with" and
/// punctuation end a phrase. With no category named, a number counts only before a word such as "items" or
/// "options", so "I am 25" asks for nothing.
/// </remarks>
internal sealed class KeywordIntentClassifier : IIntentClassifier
{
    /// <summary>How many words before a category name are searched for its number or negation.</summary>
    public const int LookBack = 5;

    private static readonly FrozenSet<string> PhraseEnds = FrozenSet.Create(StringComparer.Ordinal, MessageText.Break, "and", "or", "with", "plus", "but", "also", "then", "nor");
    private static readonly FrozenSet<string> Negations = FrozenSet.Create(StringComparer.Ordinal, "no", "not", "without", "except", "excluding", "dont", "never", "none", "nothing", "avoid", "hate");
    private static readonly FrozenSet<string> Several = FrozenSet.Create(StringComparer.Ordinal, "some", "several", "few", "multiple", "various", "many", "more", "pairs", "options", "choices", "selection");
    private static readonly FrozenSet<string> ItemWords = FrozenSet.Create(StringComparer.Ordinal, "item", "items", "thing", "things", "option", "options", "piece", "pieces", "product", "products", "suggestion", "suggestions", "idea", "ideas", "result", "results", "look", "looks", "outfit", "outfits", "clothes", "garment", "garments", "recommendation", "recommendations", "choices", "picks");

    private readonly IOptions<IntentClassifierOptions> _options;
    private readonly ILogger _logger;

    /// <summary>Creates the classifier.</summary>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger, or null.</param>
    public KeywordIntentClassifier(IOptions<IntentClassifierOptions> options, ILogger<KeywordIntentClassifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _logger = logger ?? NullLogger<KeywordIntentClassifier>.Instance;
    }

    /// <summary>Gets whether <paramref name="token"/> negates the category named after it ("no", "not", "without").</summary>
    /// <param name="token">A token.</param>
    /// <returns>True for a negation.</returns>
    public static bool IsNegation(string token) => Negations.Contains(token);

    /// <inheritdoc />
    public Task<IntentClassification> ClassifyAsync(IntentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(Classify(request, CreateVocabulary(request.Categories)));
    }

    /// <summary>Builds the vocabulary of a catalog with the configured synonyms.</summary>
    /// <param name="categories">The catalog's categories.</param>
    /// <returns>The vocabulary.</returns>
    public CategoryVocabulary CreateVocabulary(IReadOnlyList<string> categories)
    {
        ArgumentNullException.ThrowIfNull(categories);
        var options = _options.Value;
        var synonyms = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (options.UseDefaultSynonyms)
        {
            foreach (var (word, target) in IntentClassifierOptions.DefaultSynonyms)
            {
                synonyms[word] = target;
            }
        }

        foreach (var (word, target) in options.Synonyms)
        {
            synonyms[word] = target;
        }

        return new CategoryVocabulary(categories, synonyms);
    }

    /// <summary>Classifies with a vocabulary built already.</summary>
    /// <param name="request">The request.</param>
    /// <param name="vocabulary">The vocabulary of the request's categories.</param>
    /// <param name="fallbackReason">Why a language model's answer was not used, if that is why this runs.</param>
    /// <returns>The classification.</returns>
    public IntentClassification Classify(IntentRequest request, CategoryVocabulary vocabulary, string? fallbackReason = null)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(vocabulary);
        var options = _options.Value;
        var tokens = MessageText.Tokenize(request.Message ?? "");
        var numbers = NumberWords.Find(tokens);
        var wanted = new List<string>();
        long? explicitCount = null;
        var several = false;
        foreach (var mention in vocabulary.FindMentions(tokens))
        {
            var context = Context(tokens, numbers, mention.Start);
            if (context.Negated)
            {
                continue;
            }

            if (!wanted.Contains(mention.Category, StringComparer.Ordinal))
            {
                wanted.Add(mention.Category);
            }

            if (context.Number is > 0 and var number)
            {
                explicitCount = Math.Max(explicitCount ?? 0, number);
            }

            several |= mention.IsPlural || context.Several;
        }

        if (wanted.Count == 0)
        {
            explicitCount = CountBeforeItemWord(tokens, numbers);
        }

        long count = explicitCount
            ?? (wanted.Count == 0 ? (request.HasPhoto ? 1 : options.DefaultCount)
            : wanted.Count == 1 && several ? options.PluralCount
            : 1);
        var clamped = (int)Math.Clamp(count, 1, options.MaxItems);
        _logger.LogDebug("Offline classification: [{Categories}] x {Count} (asked {Asked}).", string.Join(", ", wanted), clamped, count);
        return new IntentClassification(wanted, clamped, ResultSource.Offline, fallbackReason)
        {
            SearchTexts = CategoryPhrases.Extract(request.Message ?? "", vocabulary),
        };
    }

    private static long? CountBeforeItemWord(IReadOnlyList<string> tokens, long?[] numbers)
    {
        for (var i = 0; i < tokens.Count; i++)
        {
            if (ItemWords.Contains(tokens[i]) && Context(tokens, numbers, i) is { Negated: false, Number: > 0 and var number })
            {
                return number;
            }
        }

        return null;
    }

    private static (long? Number, bool Negated, bool Several) Context(IReadOnlyList<string> tokens, long?[] numbers, int start)
    {
        long? number = null;
        bool negated = false, several = false;
        for (var i = start - 1; i >= 0 && i >= start - LookBack && !PhraseEnds.Contains(tokens[i]); i--)
        {
            number ??= numbers[i];
            negated |= Negations.Contains(tokens[i]);
            several |= Several.Contains(tokens[i]);
        }

        return (number, negated, several);
    }
}
