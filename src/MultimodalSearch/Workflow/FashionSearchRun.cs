using System.Diagnostics;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace MultimodalSearch;

/// <summary>One request through the workflow's stages, timing each: understand, search, then advise (by the caller).</summary>
internal sealed class FashionSearchRun(
    IMultimodalEmbedder embedder,
    IEmbeddingGenerator<string, Embedding<float>> textEmbeddings,
    ICatalogStore store,
    IIntentClassifier classifier,
    PhotoDescriber describer,
    FashionSearchOptions options,
    ILogger logger)
{
    private readonly Stopwatch _total = Stopwatch.StartNew();
    private readonly Stopwatch _stage = new();
    private double _embedMs;
    private double _searchMs;
    private IReadOnlyDictionary<string, string> _searchTexts = new Dictionary<string, string>();

    /// <summary>Reads the photo, classifies the message against the catalog and the conversation, and decides what to search.</summary>
    public async Task<UnderstoodRequest> UnderstandAsync(FashionSearchRequest request, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var message = request.Message.Trim();
        var conversation = request.Conversation ?? FashionConversation.Empty;

        // The photo goes first: a bad photo fails the request before a language model is paid for.
        var photo = request.Photo is not null ? await EmbedUploadAsync(request.Photo, request.PhotoReference, cancellationToken).ConfigureAwait(false)
            : request.PhotoItemId is not null ? await LoadItemPhotoAsync(request.PhotoItemId, required: true, cancellationToken).ConfigureAwait(false)
            : null;

        using var activity = MultimodalSearchMetrics.Source.StartActivity("workflow.classify");
        _stage.Restart();
        var facets = await store.GetFacetsAsync(cancellationToken).ConfigureAwait(false);
        var intentRequest = new IntentRequest(message, facets.Categories, photo is not null) { Attributes = facets.Attributes, Conversation = conversation };
        var classification = await classifier.ClassifyAsync(intentRequest, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("multimodal_search.intent.source", classification.Source.ToString());
        var classifyMs = _stage.Elapsed.TotalMilliseconds;

        // A follow-up about a shown item, or one that keeps the previous photo.
        photo ??= await CarriedPhotoAsync(request, classification, conversation, cancellationToken).ConfigureAwait(false);

        var categories = KnownCategories(classification, facets.Categories);
        var relation = photo is null ? PhotoRelation.None : classification.Relation;
        var onlyUnmatched = categories.Count == 0 && classification.Unmatched.Count > 0;
        if (photo is not null && relation == PhotoRelation.None && categories.Count == 0 && !onlyUnmatched)
        {
            // A photo with no category named: "in red" asks for it changed, anything else ("what goes with this?") completes the outfit.
            relation = classification.Attributes.Count > 0 ? PhotoRelation.Similar : PhotoRelation.Complement;
        }

        string? photoCategory = null;
        IReadOnlyDictionary<string, string> photoAttributes = new Dictionary<string, string>();
        if (photo is not null && relation != PhotoRelation.None && !onlyUnmatched && facets.Categories.Count > 0)
        {
            (photoCategory, photoAttributes) = photo.Category is not null ? (photo.Category, photo.Attributes) : await DescribePhotoAsync(photo.Embedding, facets, cancellationToken).ConfigureAwait(false);
            categories = relation == PhotoRelation.Similar
                ? (categories.Count == 0 && photoCategory is not null ? [photoCategory] : categories)
                : OtherCategories(categories, facets.Categories, photoCategory);
        }

        MultimodalSearchMetrics.RecordStage("understand", Stopwatch.GetElapsedTime(started));
        return new UnderstoodRequest
        {
            Message = message,
            Classification = classification,
            Facets = facets,
            Conversation = conversation,
            Categories = categories,
            SearchWholeCatalog = categories.Count == 0 && !onlyUnmatched,
            Count = Math.Max(1, classification.Count),
            Relation = relation,
            Photo = photo?.Input,
            PhotoEmbedding = photo?.Embedding,
            ConversationPhoto = photo?.Reference,
            PhotoItemId = photo?.Reference?.ItemId,
            PhotoItemName = photo?.Name,
            PhotoCategory = photoCategory,
            PhotoAttributes = photoAttributes,
            ClassifyMs = classifyMs,
        };
    }

    /// <summary>Searches each category: candidates fetched deep, items already shown and repeated products dropped, the requested attributes first.</summary>
    public async Task<IReadOnlyList<CatalogHit>> SearchAsync(UnderstoodRequest understood, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        var searches = understood.SearchWholeCatalog ? [null] : understood.Categories.Select(c => (string?)c).ToList();
        if (searches.Count == 0)
        {
            return [];
        }

        var texts = searches.ToDictionary(c => c ?? "", c => SearchText(understood, c), StringComparer.Ordinal);
        _searchTexts = texts.Where(t => t.Value is not null).ToDictionary(t => t.Key, t => t.Value!, StringComparer.Ordinal);

        using var activity = MultimodalSearchMetrics.Source.StartActivity("workflow.search");
        _stage.Restart();
        var distinctTexts = _searchTexts.Values.Distinct(StringComparer.Ordinal).ToList();
        var embeddings = distinctTexts.Count == 0 ? [] : await textEmbeddings.GenerateAsync(distinctTexts, cancellationToken: cancellationToken).ConfigureAwait(false);
        var byText = distinctTexts.Zip(embeddings).ToDictionary(p => p.First, p => new TextEmbedding(p.Second.Vector), StringComparer.Ordinal);
        _embedMs += _stage.Elapsed.TotalMilliseconds;

        // "More" shows nothing shown before in the conversation; "like this" never shows the photo's own product.
        var excluded = new HashSet<string>(StringComparer.Ordinal);
        var excludedNames = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        if (understood.Classification.FollowUp == FollowUpKind.More)
        {
            foreach (var shown in understood.Conversation.Turns.SelectMany(t => t.Shown))
            {
                excluded.Add(shown.Id);
                excludedNames.Add(shown.Name);
            }
        }

        if (understood.PhotoItemId is not null && understood.Relation == PhotoRelation.Similar)
        {
            excluded.Add(understood.PhotoItemId);
            if (understood.PhotoItemName is { Length: > 0 } name)
            {
                excludedNames.Add(name);
            }
        }

        var sameProduct = CandidateRanking.IsNameGrouping(options.DistinctBy) ? excludedNames : [];

        _stage.Restart();
        var photo = understood.PhotoEmbedding;
        var count = understood.Count;
        var depth = Math.Min(1000, (Math.Max(count * options.CandidatesPerItem, count + 20) + excluded.Count) * (sameProduct.Count > 0 ? 2 : 1));

        // One search per category, so that each gets its count even when another category scores higher overall.
        var results = await Task.WhenAll(searches.Select(async category =>
        {
            var text = texts[category ?? ""] is { } t ? byText[t] : null;
            if (text is null && photo is null)
            {
                return [];
            }

            var fused = text is not null && photo is not null;
            var query = new CatalogQuery
            {
                Text = text,
                Image = photo is not null && !(fused && options.ImageWeight == 0) ? photo : null,
                TextWeight = fused ? options.TextWeight : 1f,
                ImageWeight = fused ? options.ImageWeight : 1f,
                ImageSimilarity = options.ImageSimilarity,
                Categories = category is null ? null : [category],
                Top = depth,
            };
            var candidates = await store.SearchAsync(query, cancellationToken).ConfigureAwait(false);
            var constraints = options.RankByAttributes ? Constraints(understood, category) : [];

            // "Like this" keeps what the shopper did not change: among the red ones, the photo's pattern first.
            var kept = options.RankByAttributes && understood.Relation == PhotoRelation.Similar
                ? understood.PhotoAttributes.Where(a => !constraints.ContainsKey(a.Key)).ToDictionary(StringComparer.Ordinal)
                : [];
            var byImage = (category is null && options.Diversity > 0) || options.NearDuplicateSimilarity is not null;
            var selected = CandidateRanking.Select([.. candidates.Where(c => !sameProduct.Contains(c.Name))], excluded, constraints, kept, options.DistinctBy, byImage ? depth : count);
            return byImage ? await SelectByImageAsync(selected, category is null ? options.Diversity : 0, count, cancellationToken).ConfigureAwait(false) : selected;
        })).ConfigureAwait(false);
        _searchMs += _stage.Elapsed.TotalMilliseconds;
        MultimodalSearchMetrics.RecordStage("search", Stopwatch.GetElapsedTime(started));
        return [.. results.SelectMany(h => h)];
    }

    // Near-identical images and, for broad requests, variety: needs the candidates' own image embeddings.
    private async Task<IReadOnlyList<CatalogHit>> SelectByImageAsync(IReadOnlyList<CatalogHit> ranked, double diversity, int count, CancellationToken cancellationToken)
    {
        var pool = ranked.Take(Math.Max(count * options.CandidatesPerItem, count + 20)).ToList();
        var items = await Task.WhenAll(pool.Select(hit => store.GetAsync(hit.Id, cancellationToken))).ConfigureAwait(false);
        var candidates = pool.Zip(items).Where(p => p.Second is not null).Select(p => (p.First, p.Second!.Embedding)).ToList();
        return DiversityRanking.Select(candidates, count, diversity, options.NearDuplicateSimilarity, options.ImageSimilarity);
    }

    /// <summary>Builds the stylist's request.</summary>
    public static StylistRequest AdviceRequest(UnderstoodRequest understood, IReadOnlyList<CatalogHit> hits) =>
        new(understood.Message, understood.Categories, understood.Count, hits, understood.Photo)
        {
            Unmatched = understood.Classification.Unmatched,
            CatalogCategories = understood.Facets.Categories,
            Attributes = understood.Classification.Attributes,
            Relation = understood.Relation,
            FollowUp = understood.Classification.FollowUp,
            Conversation = understood.Conversation,
        };

    /// <summary>Puts the result together, with the conversation that now includes this turn.</summary>
    public FashionSearchResult Complete(UnderstoodRequest understood, IReadOnlyList<CatalogHit> hits, StylistAdvice advice, double adviseMs)
    {
        var classification = understood.Classification;
        var items = hits.Select(FashionSearchItem.From).ToList();
        var turn = new ConversationTurn
        {
            Message = understood.Message,
            Photo = understood.ConversationPhoto,
            Categories = understood.Categories,
            Count = understood.Count,
            Attributes = classification.Attributes,
            Relation = understood.Relation,
            PhotoCategory = understood.PhotoCategory,
            Unmatched = classification.Unmatched,
            SearchTexts = _searchTexts,
            Shown = [.. items.Select(i => new ConversationItem(i.Id, i.Name, i.Category))],
        };
        var total = _total.Elapsed.TotalMilliseconds;
        MultimodalSearchMetrics.RecordStage("advise", TimeSpan.FromMilliseconds(adviseMs));
        WorkflowLog.RequestAnswered(logger, string.Join(", ", understood.Categories), understood.Count, classification.Source, classification.FollowUp, understood.Relation, hits.Count, advice.Source, total);
        return new FashionSearchResult
        {
            Categories = understood.Categories,
            Count = understood.Count,
            Items = items,
            Advice = advice.Text,
            ClassifiedBy = classification.Source,
            AdvisedBy = advice.Source,
            ClassificationFallbackReason = classification.FallbackReason,
            AdviceFallbackReason = advice.FallbackReason,
            PhotoCategory = understood.PhotoCategory,
            Attributes = classification.Attributes,
            Relation = understood.Relation,
            FollowUp = classification.FollowUp,
            Unmatched = classification.Unmatched,
            Suggestions = FollowUpSuggestions.For(understood, items),
            Conversation = understood.Conversation.Append(turn, options.MaxConversationTurns),
            Timings = new FashionSearchTimings(_embedMs, understood.ClassifyMs, _searchMs, adviseMs, total),
        };
    }

    /// <summary>Checks a conversation against the size limits.</summary>
    public static void ValidateConversation(FashionConversation? conversation, FashionSearchOptions options)
    {
        if (conversation is null)
        {
            return;
        }

        if (conversation.Turns is null || conversation.Turns.Any(t => t is null))
        {
            throw new ArgumentException("The conversation has a missing turn list or a null turn.");
        }

        if (conversation.Turns.Count > options.MaxConversationTurns)
        {
            throw new ArgumentException(
                $"The conversation has {conversation.Turns.Count} turns; at most {options.MaxConversationTurns} are accepted (MultimodalSearch:Workflow:MaxConversationTurns). Send the conversation the last result returned, which keeps within it.");
        }

        var bytes = JsonSerializer.SerializeToUtf8Bytes(conversation).Length;
        if (bytes > options.MaxConversationBytes)
        {
            throw new ArgumentException(
                $"The conversation is {bytes} bytes of JSON; at most {options.MaxConversationBytes} are accepted (MultimodalSearch:Workflow:MaxConversationBytes).");
        }
    }

    // The text a category is searched with: the message's own phrase, the previous turn's text for a follow-up, or the
    // category's name; then the requested attribute values put in. A photo asked for "like this" with no change needs no text.
    private string? SearchText(UnderstoodRequest understood, string? category)
    {
        if (understood.PhotoEmbedding is not null && options.TextWeight == 0)
        {
            return null;
        }

        var classification = understood.Classification;
        var key = category ?? "";
        var phrase = category is not null && options.SearchWithCategoryPhrases && classification.SearchTexts.TryGetValue(category, out var p) && p.Length > 0 ? p : null;
        var carried = classification.FollowUp != FollowUpKind.New && understood.Conversation.LastTurn?.SearchTexts.TryGetValue(key, out var c) == true ? c : null;
        var attributes = classification.Attributes;
        string? text;
        if (understood.PhotoEmbedding is not null && understood.Relation != PhotoRelation.None)
        {
            // The photo leads; the text carries what the shopper changed or named.
            text = phrase ?? (attributes.Count > 0 ? category : null);
        }
        else
        {
            text = phrase ?? carried ?? (understood.Message.Length == 0 ? null : category is not null && classification.FollowUp != FollowUpKind.New ? category : understood.Message);
        }

        return AttributeText.Apply(text, text is null ? category : null, attributes, understood.Facets.Attributes);
    }

    // The values an item should have: those named in the category's own phrase ("green jacket and brown shoes"), then the request's.
    private static Dictionary<string, string> Constraints(UnderstoodRequest understood, string? category)
    {
        var constraints = new Dictionary<string, string>(understood.Classification.Attributes, StringComparer.Ordinal);
        if (category is not null && understood.Classification.SearchTexts.TryGetValue(category, out var phrase))
        {
            var vocabulary = new AttributeVocabulary(understood.Facets.Attributes);
            foreach (var mention in vocabulary.FindMentions(MessageText.Tokenize(phrase)))
            {
                constraints[mention.Attribute] = mention.Value;
            }
        }

        return constraints;
    }

    private async Task<PhotoInput> EmbedUploadAsync(ImageInput input, string? reference, CancellationToken cancellationToken)
    {
        using var activity = MultimodalSearchMetrics.Source.StartActivity("workflow.embed_photo");
        _stage.Restart();

        // Read once: a stream can be read only once, and the stylist needs the bytes again.
        var bytes = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
        var photo = ImageInput.FromBytes(bytes, input.Name);
        var embedding = await embedder.EmbedImageAsync(photo, cancellationToken).ConfigureAwait(false);
        _embedMs += _stage.Elapsed.TotalMilliseconds;
        return new PhotoInput(photo, embedding, reference is null ? null : new ConversationPhoto(Reference: reference), null, EmptyAttributes, null);
    }

    private async Task<PhotoInput?> LoadItemPhotoAsync(string id, bool required, CancellationToken cancellationToken)
    {
        var item = await store.GetAsync(id, cancellationToken).ConfigureAwait(false);
        if (item is null)
        {
            return required ? throw new ArgumentException($"The catalog has no item with id '{id}' to use as the photo.") : null;
        }

        // The stylist sees the item's own image when it is a local file; the search needs only the stored embedding.
        var image = item.ImageLocation is { } location && File.Exists(location) ? ImageInput.FromFile(location) : null;
        return new PhotoInput(image, item.Embedding, new ConversationPhoto(ItemId: item.Id), item.Category, item.Metadata, item.Name);
    }

    private async Task<PhotoInput?> CarriedPhotoAsync(FashionSearchRequest request, IntentClassification classification, FashionConversation conversation, CancellationToken cancellationToken)
    {
        if (classification.ReferencedItemId is { } referenced)
        {
            return await LoadItemPhotoAsync(referenced, required: false, cancellationToken).ConfigureAwait(false);
        }

        if (classification.FollowUp == FollowUpKind.New || conversation.LastTurn?.Photo is not { } previous)
        {
            return null;
        }

        if (previous.ItemId is not null)
        {
            return await LoadItemPhotoAsync(previous.ItemId, required: false, cancellationToken).ConfigureAwait(false);
        }

        if (previous.Reference is null || request.PhotoResolver is null)
        {
            return null;
        }

        var upload = await request.PhotoResolver(previous.Reference, cancellationToken).ConfigureAwait(false);
        if (upload is null)
        {
            WorkflowLog.ConversationPhotoGone(logger, previous.Reference);
            return null;
        }

        return await EmbedUploadAsync(upload, previous.Reference, cancellationToken).ConfigureAwait(false);
    }

    // A custom classifier may name categories the catalog lacks; searching them would only return nothing.
    private List<string> KnownCategories(IntentClassification classification, IReadOnlyList<string> catalogCategories)
    {
        var known = new HashSet<string>(catalogCategories, StringComparer.Ordinal);
        var categories = classification.Categories.Distinct(StringComparer.Ordinal).ToList();
        var unknown = categories.Where(c => !known.Contains(c)).ToList();
        if (unknown.Count > 0)
        {
            WorkflowLog.UnknownCategoriesIgnored(logger, string.Join(", ", unknown));
            categories.RemoveAll(unknown.Contains);
        }

        return categories;
    }

    // "What goes with this shirt?" names the photo's own category to say what the photo is, not what to find.
    private static List<string> OtherCategories(List<string> named, IReadOnlyList<string> catalog, string? photoCategory)
    {
        var others = named.Where(c => !string.Equals(c, photoCategory, StringComparison.Ordinal)).ToList();
        return others.Count > 0 ? others : [.. catalog.Where(c => !string.Equals(c, photoCategory, StringComparison.Ordinal))];
    }

    // What the photo shows: the catalog item it is, or its category and attribute values read zero-shot (PhotoDescriber).
    private async Task<(string? Category, IReadOnlyDictionary<string, string> Attributes)> DescribePhotoAsync(ImageEmbedding photo, CatalogFacets facets, CancellationToken cancellationToken)
    {
        _stage.Restart();
        var nearest = await store.SearchAsync(new CatalogQuery { Image = photo, ImageSimilarity = options.ImageSimilarity, Top = 1 }, cancellationToken).ConfigureAwait(false);
        var description = await describer.DescribeAsync(photo, facets, nearest, cancellationToken).ConfigureAwait(false);
        _searchMs += _stage.Elapsed.TotalMilliseconds;
        return description;
    }

    private static readonly IReadOnlyDictionary<string, string> EmptyAttributes = new Dictionary<string, string>();

    private sealed record PhotoInput(ImageInput? Input, ImageEmbedding Embedding, ConversationPhoto? Reference, string? Category, IReadOnlyDictionary<string, string> Attributes, string? Name);
}
