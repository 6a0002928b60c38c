using System.Diagnostics;
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

    /// <summary>Creates the workflow over its parts.</summary>
    /// <param name="embedder">Embeds the message and the photo.</param>
    /// <param name="store">The catalog.</param>
    /// <param name="classifier">Works out the categories and count.</param>
    /// <param name="stylist">Writes the advice.</param>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger, or null.</param>
    /// <exception cref="ArgumentNullException">A part is null.</exception>
    public FashionSearchWorkflow(
        IMultimodalEmbedder embedder,
        ICatalogStore store,
        IIntentClassifier classifier,
        IStylistAssistant stylist,
        IOptions<FashionSearchOptions> options,
        ILogger<FashionSearchWorkflow>? logger = null)
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
        using var activity = FashionSearchTelemetry.Source.StartActivity("FashionSearch.Ask");
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.RequestTimeout);
        try
        {
            var result = await new FashionSearchRun(_embedder, _store, _classifier, _stylist, options, _logger).RunAsync(request, timeout.Token).ConfigureAwait(false);
            activity?.SetTag("search.categories", string.Join(",", result.Categories));
            activity?.SetTag("search.items", result.Items.Count);
            return result;
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested && timeout.IsCancellationRequested)
        {
            activity?.SetStatus(ActivityStatusCode.Error, "timeout");
            throw new TimeoutException($"The request did not finish within {options.RequestTimeout} (MultimodalSearch:Workflow:RequestTimeout).", ex);
        }
    }

    private static void Validate(FashionSearchRequest request, FashionSearchOptions options)
    {
        if (request.Message is null)
        {
            throw new ArgumentException("The request's message is null; use an empty message to search by the photo alone.", nameof(request));
        }

        if (string.IsNullOrWhiteSpace(request.Message) && request.Photo is null)
        {
            throw new ArgumentException("A request needs a message, a photo, or both; both are missing.", nameof(request));
        }

        if (request.Message.Length > options.MaxMessageLength)
        {
            throw new ArgumentException(
                $"The message has {request.Message.Length} characters; at most {options.MaxMessageLength} are accepted (MultimodalSearch:Workflow:MaxMessageLength).",
                nameof(request));
        }
    }
}
