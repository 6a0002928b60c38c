using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MultimodalSearch;

/// <summary>
/// The whole request path of the shopping assistant in one call: classify the message, embed the query,
/// search the catalog per category, write advice.
/// </summary>
/// <remarks>
/// <para>Queries: a message alone is embedded as text; a photo alone as an image; a photo with a message as both,
/// scored with <see cref="FashionSearchOptions.TextWeight"/> and <see cref="FashionSearchOptions.ImageWeight"/>.
/// Each wanted category is one search filtered to it, <see cref="IntentClassification.Count"/> items deep.</para>
/// <para>No category named: without a photo, one search over the whole catalog; with a photo, "complete the outfit":
/// every category except the one the photo looks most like (the category of its nearest catalog item).</para>
/// <para>Thread-safe: one instance serves concurrent requests.</para>
/// </remarks>
public sealed class FashionSearchWorkflow
{
    private readonly IMultimodalEmbedder _embedder;
    private readonly ICatalogStore _store;
    private readonly IIntentClassifier _classifier;
    private readonly IStylistAssistant _stylist;
    private readonly IOptions<FashionSearchOptions> _options;
    private readonly ILogger _logger;
    private readonly PhotoDescriber _describer;
    private readonly IEmbeddingGenerator<string, Embedding<float>> _textEmbeddings;

    /// <summary>Creates the workflow over its parts.</summary>
    /// <param name="embedder">Embeds the message and the photo.</param>
    /// <param name="store">The catalog.</param>
    /// <param name="classifier">Works out the categories and count.</param>
    /// <param name="stylist">Writes the advice.</param>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger, or null.</param>
    /// <param name="textEmbeddings">
    /// Embeds the search texts, or null for <paramref name="embedder"/>'s own text encoder. Pass the encoder wrapped in
    /// Microsoft.Extensions.AI middleware (caching, logging, telemetry); it must produce vectors in the embedder's space.
    /// </param>
    /// <exception cref="ArgumentNullException">A part is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="textEmbeddings"/> declares a different number of dimensions from the embedder's.</exception>
    public FashionSearchWorkflow(
        IMultimodalEmbedder embedder,
        ICatalogStore store,
        IIntentClassifier classifier,
        IStylistAssistant stylist,
        IOptions<FashionSearchOptions> options,
        ILogger<FashionSearchWorkflow>? logger = null,
        IEmbeddingGenerator<string, Embedding<float>>? textEmbeddings = null)
    {
        ArgumentNullException.ThrowIfNull(embedder);
        ArgumentNullException.ThrowIfNull(store);
        ArgumentNullException.ThrowIfNull(classifier);
        ArgumentNullException.ThrowIfNull(stylist);
        ArgumentNullException.ThrowIfNull(options);
        _embedder = embedder;
        _store = store;
        _classifier = classifier;
        _stylist = stylist;
        _options = options;
        _logger = logger ?? NullLogger<FashionSearchWorkflow>.Instance;
        _describer = new PhotoDescriber(embedder);
        _textEmbeddings = textEmbeddings ?? embedder.AsTextEmbeddingGenerator();

        // A generator for another model (the application's own) would search a different vector space: fail now, not with bad results.
        if (_textEmbeddings.GetService<EmbeddingGeneratorMetadata>()?.DefaultModelDimensions is { } dimensions && dimensions != embedder.Model.Dimensions)
        {
            throw new ArgumentException(
                $"The text embedding generator makes {dimensions}-dimensional vectors, but the embedder's model ({embedder.Model.Name}) makes {embedder.Model.Dimensions}: the search texts must be embedded by the same model as the catalog.",
                nameof(textEmbeddings));
        }
    }

    /// <summary>Answers one shopper request.</summary>
    /// <param name="request">The message and the optional photo.</param>
    /// <param name="cancellationToken">Cancels the request.</param>
    /// <returns>The classification, the items found per category, the advice, where each came from, and the timings.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The request has neither a message nor a photo, or the message is longer than <see cref="FashionSearchOptions.MaxMessageLength"/>.</exception>
    /// <exception cref="InvalidImageException">The photo cannot be read or is not a supported image.</exception>
    /// <exception cref="EmbeddingModelException">The embedding model failed.</exception>
    /// <exception cref="CatalogStoreException">The catalog store failed.</exception>
    /// <exception cref="TimeoutException">The request took longer than <see cref="FashionSearchOptions.RequestTimeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<FashionSearchResult> AskAsync(FashionSearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = _options.Value;
        Validate(request, options);
        using var activity = MultimodalSearchMetrics.Source.StartActivity("workflow.ask");
        using var measurement = new OperationMeasurement(static (started, error) => MultimodalSearchMetrics.RecordRequest("ask", started, error));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            var run = CreateRun(options);
            var understood = await run.UnderstandAsync(request, timeout.Token).ConfigureAwait(false);
            var hits = await run.SearchAsync(understood, timeout.Token).ConfigureAwait(false);
            var advise = Stopwatch.StartNew();
            StylistAdvice advice;
            using (MultimodalSearchMetrics.Source.StartActivity("workflow.advise"))
            {
                advice = await _stylist.AdviseAsync(FashionSearchRun.AdviceRequest(understood, hits), timeout.Token).ConfigureAwait(false);
            }

            var result = run.Complete(understood, hits, advice, advise.Elapsed.TotalMilliseconds);
            activity?.SetTag("multimodal_search.search.categories", string.Join(",", result.Categories));
            activity?.SetTag("multimodal_search.search.items", result.Items.Count);
            measurement.Succeed();
            return result;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "timeout");
            measurement.Fail("timeout");
            throw Timeout(options, ex);
        }
        catch (Exception ex) when (measurement.Fail(ex))
        {
            throw; // not reached: the filter only records the failure
        }
    }

    /// <summary>
    /// Answers one shopper request as it goes: what was understood, then the items as soon as they are found, then the
    /// advice piece by piece as the stylist writes it, and last the whole result.
    /// </summary>
    /// <param name="request">The message, the optional photo and the conversation so far.</param>
    /// <param name="cancellationToken">Cancels the request, also in the middle of the advice (the language model's call ends).</param>
    /// <returns>The updates: <see cref="FashionSearchClassifiedUpdate"/>, <see cref="FashionSearchItemsUpdate"/>, <see cref="FashionSearchAdviceUpdate"/>s, <see cref="FashionSearchCompletedUpdate"/>.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="ArgumentException">The request is invalid (as for <see cref="AskAsync(FashionSearchRequest, CancellationToken)"/>); thrown when enumeration starts.</exception>
    /// <exception cref="InvalidImageException">The photo cannot be read or is not a supported image.</exception>
    /// <exception cref="EmbeddingModelException">The embedding model failed.</exception>
    /// <exception cref="CatalogStoreException">The catalog store failed.</exception>
    /// <exception cref="TimeoutException">The request took longer than <see cref="FashionSearchOptions.RequestTimeout"/>.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async IAsyncEnumerable<FashionSearchUpdate> AskStreamingAsync(FashionSearchRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var options = _options.Value;
        Validate(request, options);
        using var activity = MultimodalSearchMetrics.Source.StartActivity("workflow.ask_streaming");
        using var measurement = new OperationMeasurement(static (started, error) => MultimodalSearchMetrics.RecordRequest("ask_streaming", started, error));
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        var run = CreateRun(options);
        var understood = await Guard(() => run.UnderstandAsync(request, timeout.Token), options, timeout, measurement, cancellationToken).ConfigureAwait(false);
        var classification = understood.Classification;
        yield return new FashionSearchClassifiedUpdate(
            understood.Categories, understood.Count, classification.Attributes, understood.Relation, classification.Unmatched, understood.PhotoCategory, classification.Source);

        var hits = await Guard(() => run.SearchAsync(understood, timeout.Token), options, timeout, measurement, cancellationToken).ConfigureAwait(false);
        yield return new FashionSearchItemsUpdate([.. hits.Select(FashionSearchItem.From)]);

        var advise = Stopwatch.StartNew();
        StylistAdvice? advice = null;
        var text = new System.Text.StringBuilder();
        await using (var updates = _stylist.AdviseStreamingAsync(FashionSearchRun.AdviceRequest(understood, hits), timeout.Token).GetAsyncEnumerator(timeout.Token))
        {
            while (await Guard(() => updates.MoveNextAsync().AsTask(), options, timeout, measurement, cancellationToken).ConfigureAwait(false))
            {
                var update = updates.Current;
                advice = update.Completed ?? advice;
                text.Append(update.Text);
                if (update.Text.Length > 0)
                {
                    yield return new FashionSearchAdviceUpdate(update.Text);
                }
            }
        }

        // A stylist that ends without a completed update has written what it streamed.
        advice ??= new StylistAdvice(text.ToString(), ResultSource.Offline);
        var result = run.Complete(understood, hits, advice, advise.Elapsed.TotalMilliseconds);
        activity?.SetTag("multimodal_search.search.items", result.Items.Count);
        measurement.Succeed();
        yield return new FashionSearchCompletedUpdate(result);
    }

    private FashionSearchRun CreateRun(FashionSearchOptions options) => new(_embedder, _textEmbeddings, _store, _classifier, _describer, options, _logger);

    // Iterators cannot catch around a yield, so each awaited step turns the request's own timeout into a TimeoutException here.
    private static async Task<T> Guard<T>(Func<Task<T>> step, FashionSearchOptions options, CancellationTokenSource timeout, OperationMeasurement measurement, CancellationToken cancellationToken)
    {
        try
        {
            return await step().ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            measurement.Fail("timeout");
            throw Timeout(options, ex);
        }
        catch (Exception ex) when (measurement.Fail(ex))
        {
            throw; // not reached: the filter only records the failure
        }
    }

    private static TimeoutException Timeout(FashionSearchOptions options, Exception inner) =>
        new($"The request did not finish within {options.RequestTimeout} (MultimodalSearch:Workflow:RequestTimeout).", inner);

    private static void Validate(FashionSearchRequest request, FashionSearchOptions options)
    {
        if (request.Message is null)
        {
            throw new ArgumentException("The request's message is null; use an empty message to search by the photo alone.", nameof(request));
        }

        if (string.IsNullOrWhiteSpace(request.Message) && request.Photo is null && request.PhotoItemId is null)
        {
            throw new ArgumentException("A request needs a message, a photo, or both; both are missing.", nameof(request));
        }

        if (request.Photo is not null && request.PhotoItemId is not null)
        {
            throw new ArgumentException("A request has either a photo or a catalog item as its photo (PhotoItemId), not both.");
        }

        if (request.PhotoItemId is not null && string.IsNullOrWhiteSpace(request.PhotoItemId))
        {
            throw new ArgumentException("The request's PhotoItemId is empty.");
        }

        FashionSearchRun.ValidateConversation(request.Conversation, options);

        if (request.Message.Length > options.MaxMessageLength)
        {
            throw new ArgumentException(
                $"The message has {request.Message.Length} characters; at most {options.MaxMessageLength} are accepted (MultimodalSearch:Workflow:MaxMessageLength).",
                nameof(request));
        }
    }
}
