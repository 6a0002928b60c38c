using System.Diagnostics;
using Microsoft.Extensions.Logging;

namespace MultimodalSearch;

/// <summary>One request through the workflow's stages, timing each.</summary>
internal sealed class FashionSearchRun(
    IMultimodalEmbedder embedder,
    ICatalogStore store,
    IIntentClassifier classifier,
    IStylistAssistant stylist,
    FashionSearchOptions options,
    ILogger logger)
{
    private readonly Stopwatch _stage = new();
    private double _embedMs;
    private double _searchMs;

    public async Task<FashionSearchResult> RunAsync(FashionSearchRequest request, CancellationToken cancellationToken)
    {
        var total = Stopwatch.StartNew();
        var message = request.Message.Trim();

        // The photo goes first: a bad photo fails the request before a language model is paid for.
        var (photo, photoEmbedding) = await EmbedPhotoAsync(request.Photo, cancellationToken).ConfigureAwait(false);
        var (classification, catalogCategories, classifyMs) = await ClassifyAsync(message, photo is not null, cancellationToken).ConfigureAwait(false);
        var categories = KnownCategories(classification, catalogCategories);
        var count = Math.Max(1, classification.Count);

        string? photoCategory = null;
        if (categories.Count == 0 && photoEmbedding is not null && catalogCategories.Count > 1)
        {
            photoCategory = await NearestCategoryAsync(photoEmbedding, cancellationToken).ConfigureAwait(false);
            categories = [.. catalogCategories.Where(c => !string.Equals(c, photoCategory, StringComparison.Ordinal))];
        }

        var hits = await SearchAsync(message, classification, photoEmbedding, categories, count, cancellationToken).ConfigureAwait(false);

        _stage.Restart();
        StylistAdvice advice;
        using (FashionSearchTelemetry.Source.StartActivity("FashionSearch.Advise"))
        {
            advice = await stylist.AdviseAsync(new StylistRequest(message, categories, count, hits, photo), cancellationToken).ConfigureAwait(false);
        }

        var adviseMs = _stage.Elapsed.TotalMilliseconds;
        logger.LogInformation(
            "Request answered: [{Categories}] x {Count} (classified by {ClassifiedBy}), {Items} items, advice by {AdvisedBy}, {Total:0} ms.",
            string.Join(", ", categories), count, classification.Source, hits.Count, advice.Source, total.Elapsed.TotalMilliseconds);
        return new FashionSearchResult
        {
            Categories = categories,
            Count = count,
            Items = [.. hits.Select(FashionSearchItem.From)],
            Advice = advice.Text,
            ClassifiedBy = classification.Source,
            AdvisedBy = advice.Source,
            ClassificationFallbackReason = classification.FallbackReason,
            AdviceFallbackReason = advice.FallbackReason,
            PhotoCategory = photoCategory,
            Timings = new FashionSearchTimings(_embedMs, classifyMs, _searchMs, adviseMs, total.Elapsed.TotalMilliseconds),
        };
    }

    private async Task<(ImageInput? Photo, ImageEmbedding? Embedding)> EmbedPhotoAsync(ImageInput? input, CancellationToken cancellationToken)
    {
        if (input is null)
        {
            return (null, null);
        }

        using var activity = FashionSearchTelemetry.Source.StartActivity("FashionSearch.EmbedPhoto");
        _stage.Restart();

        // Read once: a stream can be read only once, and the stylist needs the bytes again.
        var bytes = await input.ReadAsync(cancellationToken).ConfigureAwait(false);
        var photo = ImageInput.FromBytes(bytes, input.Name);
        var embedding = await embedder.EmbedImageAsync(photo, cancellationToken).ConfigureAwait(false);
        _embedMs += _stage.Elapsed.TotalMilliseconds;
        return (photo, embedding);
    }

    private async Task<(IntentClassification Classification, IReadOnlyList<string> CatalogCategories, double Milliseconds)> ClassifyAsync(
        string message, bool hasPhoto, CancellationToken cancellationToken)
    {
        using var activity = FashionSearchTelemetry.Source.StartActivity("FashionSearch.Classify");
        _stage.Restart();
        var catalogCategories = await store.GetCategoriesAsync(cancellationToken).ConfigureAwait(false);
        var classification = await classifier.ClassifyAsync(new IntentRequest(message, catalogCategories, hasPhoto), cancellationToken).ConfigureAwait(false);
        activity?.SetTag("intent.source", classification.Source.ToString());
        return (classification, catalogCategories, _stage.Elapsed.TotalMilliseconds);
    }

    // A custom classifier may name categories the catalog lacks; searching them would only return nothing.
    private List<string> KnownCategories(IntentClassification classification, IReadOnlyList<string> catalogCategories)
    {
        var known = new HashSet<string>(catalogCategories, StringComparer.Ordinal);
        var categories = classification.Categories.Distinct(StringComparer.Ordinal).ToList();
        var unknown = categories.Where(c => !known.Contains(c)).ToList();
        if (unknown.Count > 0)
        {
            logger.LogWarning("The classifier named categories the catalog does not have; ignored: [{Unknown}].", string.Join(", ", unknown));
            categories.RemoveAll(unknown.Contains);
        }

        return categories;
    }

    private async Task<string?> NearestCategoryAsync(ImageEmbedding photo, CancellationToken cancellationToken)
    {
        _stage.Restart();
        var nearest = await store.SearchAsync(new CatalogQuery { Image = photo, ImageSimilarity = options.ImageSimilarity, Top = 1 }, cancellationToken).ConfigureAwait(false);
        _searchMs += _stage.Elapsed.TotalMilliseconds;
        return nearest.Count > 0 ? nearest[0].Category : null;
    }

    private async Task<IReadOnlyList<CatalogHit>> SearchAsync(
        string message, IntentClassification classification, ImageEmbedding? photo, List<string> categories, int count, CancellationToken cancellationToken)
    {
        // The text each search embeds: the category's phrase, or the whole message; none when the photo alone counts.
        string? TextFor(string? category) =>
            message.Length == 0 || (photo is not null && options.TextWeight == 0) ? null
            : category is not null && options.SearchWithCategoryPhrases && classification.SearchTexts.TryGetValue(category, out var phrase) && phrase.Length > 0 ? phrase
            : message;

        using var activity = FashionSearchTelemetry.Source.StartActivity("FashionSearch.Search");
        _stage.Restart();
        var searches = categories.Count == 0 ? [(Category: (string?)null, Text: TextFor(null))] : categories.Select(c => (Category: (string?)c, Text: TextFor(c))).ToList();
        var texts = searches.Select(s => s.Text).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
        var embeddings = texts.Count == 0 ? [] : await embedder.EmbedTextsAsync(texts, cancellationToken).ConfigureAwait(false);
        var byText = texts.Zip(embeddings).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        _embedMs += _stage.Elapsed.TotalMilliseconds;

        _stage.Restart();

        // One search per category, so that each gets its count even when another category scores higher overall.
        var results = await Task.WhenAll(searches.Select(search =>
        {
            var text = search.Text is null ? null : byText[search.Text];
            var fused = text is not null && photo is not null;
            var query = new CatalogQuery
            {
                Text = text,
                Image = photo is not null && !(fused && options.ImageWeight == 0) ? photo : null,
                TextWeight = fused ? options.TextWeight : 1f,
                ImageWeight = fused ? options.ImageWeight : 1f,
                ImageSimilarity = options.ImageSimilarity,
                Categories = search.Category is null ? null : [search.Category],
                Top = count,
            };
            return store.SearchAsync(query, cancellationToken);
        })).ConfigureAwait(false);
        _searchMs += _stage.Elapsed.TotalMilliseconds;
        return [.. results.SelectMany(h => h)];
    }
}
