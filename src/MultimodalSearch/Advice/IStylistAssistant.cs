using System.Runtime.CompilerServices;

namespace MultimodalSearch;

/// <summary>Writes advice for a shopper about the items the search found.</summary>
/// <remarks>Implementations are thread-safe and never invent items: the advice is about <see cref="StylistRequest.Items"/>.</remarks>
public interface IStylistAssistant
{
    /// <summary>Writes advice about the items found for a shopper's message.</summary>
    /// <param name="request">The message, what was asked for, the items found and the shopper's photo, if any.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <returns>The advice; <see cref="StylistAdvice.Source"/> says which implementation wrote it.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    Task<StylistAdvice> AdviseAsync(StylistRequest request, CancellationToken cancellationToken = default);

    /// <summary>Writes advice as it comes: pieces of text, the last update carrying the whole advice.</summary>
    /// <param name="request">The message, what was asked for, the items found and the shopper's photo, if any.</param>
    /// <param name="cancellationToken">Cancels the work, also in the middle of a language model's answer.</param>
    /// <returns>The pieces; the last has <see cref="StylistAdviceUpdate.Completed"/> set. The default implementation calls <see cref="AdviseAsync(StylistRequest, CancellationToken)"/> and returns its advice as one piece.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="request"/> is null.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    async IAsyncEnumerable<StylistAdviceUpdate> AdviseStreamingAsync(StylistRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var advice = await AdviseAsync(request, cancellationToken).ConfigureAwait(false);
        yield return new StylistAdviceUpdate(advice.Text, advice);
    }
}
