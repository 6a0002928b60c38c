using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace MultimodalSearch.Evaluation;

/// <summary>
/// Measures search quality on a catalog: runs judged queries under several scoring modes and reports
/// precision@k, recall@k, nDCG@k and the mean reciprocal rank per query kind and mode.
/// </summary>
/// <remarks>
/// The catalog (labels and one mean-pooled vector per item) is read from the store once per evaluator and
/// kept; create a new evaluator after changing the catalog. Thread-safe.
/// </remarks>
public sealed class SearchEvaluator
{
    /// <summary>The name of the <see cref="ActivitySource"/> evaluations trace with.</summary>
    public const string ActivitySourceName = "MultimodalSearch.Evaluation";

    private const int TextBatch = 32;
    private static readonly ActivitySource Activities = new(ActivitySourceName);
    private static readonly QueryKind[] Kinds = [QueryKind.Text, QueryKind.Photo, QueryKind.PhotoAndText];

    private readonly IMultimodalEmbedder _embedder;
    private readonly ICatalogStore _store;
    private readonly ILogger _logger;
    private readonly PhotoDescriber _describer;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _textEmbeddings;
    private EvaluationCatalog? _catalog;

    /// <summary>Creates an evaluator.</summary>
    /// <param name="embedder">Embeds the queries' texts and photo files (the model the catalog was indexed with).</param>
    /// <param name="store">The catalog to evaluate.</param>
    /// <param name="logger">A logger, or null.</param>
    /// <exception cref="ArgumentNullException"><paramref name="embedder"/> or <paramref name="store"/> is null.</exception>
    public SearchEvaluator(IMultimodalEmbedder embedder, ICatalogStore store, ILogger<SearchEvaluator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(store);
        _embedder = embedder;
        _store = store;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
        _describer = new PhotoDescriber(embedder);
        _textEmbeddings = embedder.AsTextEmbeddingGenerator();
    }

    /// <summary>Gets the labels of every catalog item (for example to generate queries with <see cref="AttributeQuerySet"/>).</summary>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The items, sorted by id.</returns>
    /// <exception cref="CatalogStoreException">The store failed.</exception>
    public async Task<IReadOnlyList<LabelledItem>> GetCatalogItemsAsync(CancellationToken cancellationToken = default) =>
        (await GetCatalogAsync(cancellationToken).ConfigureAwait(false)).Items;

    /// <summary>Runs every query under every scoring mode that applies to it and measures the rankings.</summary>
    /// <param name="queries">The judged queries; ids must be unique.</param>
    /// <param name="options">The options, or null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The report.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="queries"/> is null.</exception>
    /// <exception cref="ArgumentException">The options are invalid, there are no queries, or a query is invalid or names items or categories the catalog does not have (parameter name <c>queries</c>).</exception>
    /// <exception cref="InvalidOperationException">The catalog is empty.</exception>
    /// <exception cref="InvalidImageException">A query's photo file cannot be used.</exception>
    /// <exception cref="EmbeddingModelException">The model failed.</exception>
    /// <exception cref="CatalogStoreException">The store failed.</exception>
    public async Task<EvaluationReport> EvaluateAsync(IReadOnlyList<JudgedQuery> queries, EvaluationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(queries);
        options ??= new EvaluationOptions();
        options.Validate();
        using var activity = Activities.StartActivity("evaluate");
        var started = Stopwatch.GetTimestamp();
        var catalog = await GetCatalogAsync(cancellationToken).ConfigureAwait(false);
        if (catalog.Items.Count == 0)
        {
            throw new InvalidOperationException("The catalog is empty: index it before evaluating.");
        }

        CheckQueries(queries, catalog);
        var modes = options.Modes.ToArray();
        activity?.SetTag("multimodal_search.evaluation.queries", queries.Count);
        activity?.SetTag("multimodal_search.evaluation.catalog_items", catalog.Items.Count);
        EvaluationLog.Evaluating(_logger, queries.Count, modes.Length, catalog.Items.Count);

        var embedded = await EmbedQueriesAsync(queries, cancellationToken).ConfigureAwait(false);
        var results = new List<QueryEvaluation>[queries.Count];
        await Parallel.ForAsync(0, queries.Count, new ParallelOptions { MaxDegreeOfParallelism = options.MaxDegreeOfParallelism, CancellationToken = cancellationToken }, async (q, ct) =>
        {
            var query = queries[q];
            var vectors = embedded.For(query);
            var excluded = query.ExcludedIds().ToHashSet(StringComparer.Ordinal);
            var perMode = new List<QueryEvaluation>(modes.Length);
            foreach (var mode in modes.Where(m => m.AppliesTo(query.Kind)))
            {
                var ranking = mode.Method switch
                {
                    ScoringMethod.MeanPooled => catalog.RankMeanPooled(vectors.Text?.Vector.ToArray(), vectors.PooledPhoto, mode.TextWeight, mode.ImageWeight, query.Categories, excluded, options.Depth),
                    ScoringMethod.Workflow => await RankWithWorkflowAsync(query, excluded, options.Depth, ct).ConfigureAwait(false),
                    _ => await RankWithStoreAsync(query, vectors, mode, excluded, options.Depth, ct).ConfigureAwait(false),
                };
                var metrics = RankingMetrics.Compute(ranking, query.Relevance, options.K);
                perMode.Add(new QueryEvaluation(query.Id, query.Kind, mode.Name, ranking.Take(options.K).ToArray(), metrics));
            }

            results[q] = perMode;
        }).ConfigureAwait(false);

        var all = results.SelectMany(r => r).ToList();
        var ideal = queries.ToDictionary(q => q.Id, q => Math.Min(options.K, q.Relevance.Values.Count(g => g > 0)) / (double)options.K, StringComparer.Ordinal);
        var summaries = new List<EvaluationSummary>();
        foreach (var kind in Kinds)
        {
            foreach (var mode in modes)
            {
                var rows = all.Where(r => r.Kind == kind && r.Scoring == mode.Name).ToList();
                if (rows.Count > 0)
                {
                    summaries.Add(new EvaluationSummary(kind, mode.Name, rows.Count, RankingMetrics.Mean([.. rows.Select(r => r.Metrics)]), rows.Average(r => ideal[r.QueryId])));
                }
            }
        }

        EvaluationLog.Evaluated(_logger, all.Count, Stopwatch.GetElapsedTime(started).TotalSeconds);
        return new EvaluationReport(options.K, options.Depth, catalog.Items.Count, summaries, all);
    }

    private async Task<List<string>> RankWithStoreAsync(JudgedQuery query, QueryVectors vectors, ScoringMode mode, HashSet<string> excluded, int depth, CancellationToken cancellationToken)
    {
        var search = new CatalogQuery
        {
            Text = vectors.Text,
            Image = vectors.Photo,
            TextWeight = mode.TextWeight,
            ImageWeight = mode.ImageWeight,
            Categories = query.Categories,
            Top = depth + excluded.Count,
        };
        var hits = await _store.SearchAsync(search, cancellationToken).ConfigureAwait(false);
        return hits.Select(h => h.Id).Where(id => !excluded.Contains(id)).Take(depth).ToList();
    }

    // The workflow's own reading of the message and photo, ranked deep (no product grouping, so that every relevant render counts).
    private async Task<List<string>> RankWithWorkflowAsync(JudgedQuery query, HashSet<string> excluded, int depth, CancellationToken cancellationToken)
    {
        var options = new FashionSearchOptions { DistinctBy = "" };
        var classifier = new KeywordIntentClassifier(Microsoft.Extensions.Options.Options.Create(new IntentClassifierOptions { MaxItems = depth + excluded.Count }));
        var run = new FashionSearchRun(_embedder, _textEmbeddings, _store, classifier, _describer, options, _logger);
        var request = new FashionSearchRequest(query.Text ?? "", query.ImagePath is null ? null : ImageInput.FromFile(query.ImagePath)) { PhotoItemId = query.ImageItemId };
        var understood = await run.UnderstandAsync(request, cancellationToken).ConfigureAwait(false);
        var hits = await run.SearchAsync(understood with { Count = depth + excluded.Count }, cancellationToken).ConfigureAwait(false);
        return hits.Select(h => h.Id).Where(id => !excluded.Contains(id)).Take(depth).ToList();
    }

    private async Task<EvaluationCatalog> GetCatalogAsync(CancellationToken cancellationToken)
    {
        if (Volatile.Read(ref _catalog) is { } cached)
        {
            return cached;
        }

        var catalog = await EvaluationCatalog.ReadAsync(_store, Environment.ProcessorCount * 2, cancellationToken).ConfigureAwait(false);
        return Interlocked.CompareExchange(ref _catalog, catalog, null) ?? catalog;
    }

    private static void CheckQueries(IReadOnlyList<JudgedQuery> queries, EvaluationCatalog catalog)
    {
        if (queries.Count == 0)
        {
            throw new ArgumentException("There are no queries to evaluate.", nameof(queries));
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var query in queries)
        {
            ArgumentNullException.ThrowIfNull(query, nameof(queries));
            try
            {
                query.Validate();
            }
            catch (ArgumentException ex)
            {
                throw new ArgumentException(ex.Message, nameof(queries), ex);
            }

            if (!ids.Add(query.Id))
            {
                throw new ArgumentException($"Two queries have the id '{query.Id}'.", nameof(queries));
            }

            var unknown = query.Relevance.Where(r => r.Value > 0 && !catalog.Contains(r.Key)).Select(r => r.Key).Order(StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new ArgumentException(
                    $"Query '{query.Id}' judges {unknown.Count} item(s) relevant that the catalog does not have: {string.Join(", ", unknown.Take(5))}{(unknown.Count > 5 ? ", ..." : "")}. Is it the catalog the queries were judged on?",
                    nameof(queries));
            }

            if (query.ImageItemId is { } photo && !catalog.Contains(photo))
            {
                throw new ArgumentException($"Query '{query.Id}' takes item '{photo}' as its photo, but the catalog does not have it.", nameof(queries));
            }

            var category = query.Categories?.FirstOrDefault(c => !catalog.Categories.Contains(c));
            if (category is not null)
            {
                throw new ArgumentException(
                    $"Query '{query.Id}' searches in the category '{category}', which the catalog does not have (it has {string.Join(", ", catalog.Categories.Order(StringComparer.Ordinal))}).",
                    nameof(queries));
            }
        }
    }

    private async Task<EmbeddedQueries> EmbedQueriesAsync(IReadOnlyList<JudgedQuery> queries, CancellationToken cancellationToken)
    {
        var result = new EmbeddedQueries();
        var texts = queries.Select(q => q.Text).OfType<string>().Distinct(StringComparer.Ordinal).ToArray();
        for (var start = 0; start < texts.Length; start += TextBatch)
        {
            var batch = texts[start..Math.Min(texts.Length, start + TextBatch)];
            var embeddings = await _embedder.EmbedTextsAsync(batch, cancellationToken).ConfigureAwait(false);
            for (var i = 0; i < batch.Length; i++)
            {
                result.Texts[batch[i]] = embeddings[i];
            }
        }

        foreach (var path in queries.Select(q => q.ImagePath).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            result.Photos[FileKey(path)] = await _embedder.EmbedImageAsync(ImageInput.FromFile(path), cancellationToken).ConfigureAwait(false);
        }

        foreach (var id in queries.Select(q => q.ImageItemId).OfType<string>().Distinct(StringComparer.Ordinal))
        {
            var item = await _store.GetAsync(id, cancellationToken).ConfigureAwait(false)
                ?? throw new CatalogStoreException("evaluate", $"Item '{id}', a query's photo, was deleted during the evaluation.");
            result.Photos[ItemKey(id)] = item.Embedding;
        }

        foreach (var (key, photo) in result.Photos)
        {
            result.PooledPhotos[key] = EmbeddingSimilarity.MeanPool(photo);
        }

        EvaluationLog.QueriesEmbedded(_logger, result.Texts.Count, result.Photos.Count);
        return result;
    }

    /// <summary>The embeddings of the queries' distinct texts and photos (photo files by path, catalog photos by item id).</summary>
    private sealed class EmbeddedQueries
    {
        public Dictionary<string, TextEmbedding> Texts { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, ImageEmbedding> Photos { get; } = new(StringComparer.Ordinal);

        public Dictionary<string, float[]> PooledPhotos { get; } = new(StringComparer.Ordinal);

        public QueryVectors For(JudgedQuery query)
        {
            var photoKey = query.ImagePath is not null ? FileKey(query.ImagePath) : query.ImageItemId is not null ? ItemKey(query.ImageItemId) : null;
            return new QueryVectors(
                query.Text is null ? null : Texts[query.Text],
                photoKey is null ? null : Photos[photoKey],
                photoKey is null ? null : PooledPhotos[photoKey]);
        }
    }

    // A photo file and a catalog item are keyed apart, so that an item id that looks like a path cannot collide.
    private static string FileKey(string path) => "file:" + path;

    private static string ItemKey(string id) => "item:" + id;

    private sealed record QueryVectors(TextEmbedding? Text, ImageEmbedding? Photo, float[]? PooledPhoto);
}
