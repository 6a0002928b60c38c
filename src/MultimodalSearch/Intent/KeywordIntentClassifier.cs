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
    private static readonly FrozenSet<string> ItemWords = FrozenSet.Create(StringComparer.Ordinal, "item", "items", "thing", "things", "option", "options", "piece", "pieces", "product", "products", "suggestion", "suggestions", "idea", "ideas", "result", "results", "look", "looks", "outfit", "outfits", "clothes", "garment", "garments", "recommendation", "recommendations", "choices", "picks", "more");

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
        var intent = ConversationResolver.Resolve(Read(request, vocabulary), request.Conversation, request.HasPhoto);
        var classification = ToClassification(intent, request, vocabulary, ResultSource.Offline, fallbackReason);
        IntentLog.OfflineClassification(_logger, string.Join(", ", classification.Categories), classification.Count, classification.FollowUp);
        return classification;
    }

    /// <summary>Turns a resolved intent into a classification: the count capped, the search phrases of the message's own categories.</summary>
    /// <param name="intent">The resolved intent.</param>
    /// <param name="request">The request.</param>
    /// <param name="vocabulary">The catalog's vocabulary.</param>
    /// <param name="source">Who classified.</param>
    /// <param name="fallbackReason">Why a language model's answer was not used, if that is why the offline classifier answered.</param>
    /// <returns>The classification.</returns>
    internal IntentClassification ToClassification(MessageIntent intent, IntentRequest request, CategoryVocabulary vocabulary, ResultSource source, string? fallbackReason)
    {
        var phrases = CategoryPhrases.Extract(request.Message ?? "", vocabulary);
        return new IntentClassification(intent.Categories, Math.Clamp(intent.Count, 1, _options.Value.MaxItems), source, fallbackReason)
        {
            SearchTexts = phrases.Where(p => intent.Categories.Contains(p.Key, StringComparer.Ordinal)).ToDictionary(StringComparer.Ordinal),
            Attributes = intent.Attributes,
            Relation = intent.Relation,
            Unmatched = intent.Unmatched,
            FollowUp = intent.FollowUp,
            ReferencedItemId = intent.ReferencedItem?.Id,
        };
    }

    /// <summary>Reads what the message says on its own (the conversation is resolved after).</summary>
    /// <param name="request">The request.</param>
    /// <param name="vocabulary">The catalog's vocabulary.</param>
    /// <returns>The message's intent.</returns>
    internal MessageIntent Read(IntentRequest request, CategoryVocabulary vocabulary)
    {
        var options = _options.Value;
        var tokens = MessageText.Tokenize(request.Message ?? "");
        var numbers = NumberWords.Find(tokens);
        var wanted = new List<string>();
        long? explicitCount = null;
        var several = false;
        var mentions = vocabulary.FindMentions(tokens);
        var taken = new bool[tokens.Count];
        foreach (var mention in mentions)
        {
            Array.Fill(taken, true, mention.Start, mention.Length);
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

        var attributes = SingleValued(new AttributeVocabulary(request.Attributes).FindMentions(tokens, taken));
        var relation = PhotoRelationCues.Find(tokens);
        var unmatched = Unmatched(tokens, numbers, taken, vocabulary);
        long count = explicitCount
            ?? (wanted.Count == 0 ? (request.HasPhoto || unmatched.Count > 0 ? 1 : options.DefaultCount)
            : wanted.Count == 1 && several ? options.PluralCount
            : 1);
        var last = request.Conversation.LastTurn;
        return new MessageIntent
        {
            Categories = wanted,
            Count = (int)Math.Clamp(count, 1, options.MaxItems),
            CountStated = explicitCount is not null || several,
            Attributes = attributes,
            Relation = relation,
            Unmatched = unmatched,
            FollowUp = FollowUpCues.Read(tokens, wanted.Count > 0, attributes.Count > 0 || relation != PhotoRelation.None, unmatched.Count > 0),
            ReferencedItem = last is null ? null : ItemReference.Find(tokens, mentions, last.Shown),
        };
    }

    // An attribute named with two values ("a green jacket and brown shoes") belongs to each phrase, not to the whole request.
    private static Dictionary<string, string> SingleValued(IReadOnlyList<AttributeMention> mentions) =>
        mentions.GroupBy(m => m.Attribute, StringComparer.Ordinal)
            .Where(g => g.Select(m => m.Value).Distinct(StringComparer.Ordinal).Count() == 1)
            .ToDictionary(g => g.Key, g => g.First().Value, StringComparer.Ordinal);

    private static List<string> Unmatched(IReadOnlyList<string> tokens, long?[] numbers, bool[] taken, CategoryVocabulary vocabulary)
    {
        var unmatched = new List<string>();
        for (var i = 0; i < tokens.Count; i++)
        {
            if (!taken[i] && ProductWords.Find(tokens[i]) is { } word && vocabulary.Resolve(word) is null
                && !Context(tokens, numbers, i).Negated && !unmatched.Contains(word, StringComparer.Ordinal))
            {
                unmatched.Add(word);
            }
        }

        return unmatched;
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
