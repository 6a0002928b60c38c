namespace MultimodalSearch;

/// <summary>
/// Works out what a shopper asks for: which catalog categories, and how many items of each.
/// </summary>
/// <remarks>
/// The rules every implementation follows: categories are only those of <see cref="IntentRequest.Categories"/>;
/// one category asked for in the plural with no number gives <see cref="IntentClassifierOptions.PluralCount"/>;
/// several categories give 1 each; an explicit number ("three", "2 pairs of") wins, capped at
/// <see cref="IntentClassifierOptions.MaxItems"/>; no category at all gives an empty list (the workflow then
/// searches the whole catalog, or completes the outfit when a photo came). Implementations are thread-safe.
/// </remarks>
public interface IIntentClassifier
{
    /// <summary>Classifies a shopper's message.</summary>
    /// <param name="request">The message, the catalog's categories and whether a photo came with it.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The categories and count; <see cref="IntentClassification.Source"/> says which implementation produced them.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<IntentClassification> ClassifyAsync(IntentRequest request, CancellationToken cancellationToken = default);
}
