using System.Diagnostics;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MultimodalSearch;

/// <summary>
/// Writes advice with a multimodal language model through <see cref="IChatClient"/>: the items found are
/// attached as images with their names and categories, plus the shopper's photo; the JSON reply is validated
/// and the template answers when the call fails, times out or the reply is unusable.
/// </summary>
internal sealed class ChatStylistAssistant : IStylistAssistant
{
    private readonly IChatClient _chatClient;
    private readonly IOptions<StylistOptions> _options;
    private readonly IImageThumbnailer? _thumbnailer;
    private readonly ILogger _logger;

    /// <summary>Creates the assistant.</summary>
    /// <param name="chatClient">The chat client; it must accept images (<see cref="DataContent"/>).</param>
    /// <param name="options">The options.</param>
    /// <param name="thumbnailer">Shrinks the images, or null to send the original files that fit.</param>
    /// <param name="logger">The logger, or null.</param>
    public ChatStylistAssistant(IChatClient chatClient, IOptions<StylistOptions> options, IImageThumbnailer? thumbnailer = null, ILogger<ChatStylistAssistant>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentNullException.ThrowIfNull(options);
        _chatClient = chatClient;
        _options = options;
        _thumbnailer = thumbnailer;
        _logger = logger ?? NullLogger<ChatStylistAssistant>.Instance;
    }

    /// <inheritdoc />
    public async Task<StylistAdvice> AdviseAsync(StylistRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var options = _options.Value;
        using var activity = MultimodalSearchMetrics.Source.StartActivity("llm.advise");
        var images = await new AdviceImageCollector(options, _thumbnailer, _logger).CollectAsync(request, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("multimodal_search.stylist.images", images.Count);
        var (answer, failure) = await LlmCall.RunAsync(
            async token =>
            {
                var response = await _chatClient.GetResponseAsync(StylistPrompt.CreateMessages(request, images), StylistPrompt.CreateChatOptions(), token).ConfigureAwait(false);
                return StylistPrompt.ParseAnswer(response.Text, options.MaxAnswerLength);
            },
            options.LlmTimeout,
            LlmCall.Advice,
            _logger,
            cancellationToken).ConfigureAwait(false);
        if (answer is not null)
        {
            return new StylistAdvice(answer, ResultSource.Llm);
        }

        activity?.SetStatus(ActivityStatusCode.Error, failure);
        return TemplateStylistAssistant.Advise(request, failure);
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<StylistAdviceUpdate> AdviseStreamingAsync(StylistRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var options = _options.Value;
        using var activity = MultimodalSearchMetrics.Source.StartActivity("llm.advise");
        var images = await new AdviceImageCollector(options, _thumbnailer, _logger).CollectAsync(request, cancellationToken).ConfigureAwait(false);
        activity?.SetTag("multimodal_search.stylist.images", images.Count);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(options.LlmTimeout);
        var reader = new StreamedAnswerReader();
        var streamed = 0;
        string? failure = null;
        var failureKind = LlmCall.ErrorReason;
        var updates = _chatClient.GetStreamingResponseAsync(StylistPrompt.CreateMessages(request, images), StylistPrompt.CreateChatOptions(), timeout.Token);
        await using (var enumerator = updates.GetAsyncEnumerator(timeout.Token))
        {
            while (true)
            {
                string delta;
                try
                {
                    if (!await enumerator.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    delta = reader.Append(enumerator.Current.Text);
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
                {
                    failure = $"timed out after {options.LlmTimeout.TotalSeconds:0.###} s";
                    failureKind = LlmCall.TimeoutReason;
                    break;
                }
#pragma warning disable CA1031 // Any failure of the model must fall back, never fail the request.
                catch (Exception ex) when (ex is not OperationCanceledException)
#pragma warning restore CA1031
                {
                    failure = $"{ex.GetType().Name}: {ex.Message}";
                    break;
                }

                // Stop passing text on past the longest answer kept; the completed advice is cut at a word.
                if (delta.Length > 0 && streamed < options.MaxAnswerLength)
                {
                    var piece = delta.Length > options.MaxAnswerLength - streamed ? delta[..(options.MaxAnswerLength - streamed)] : delta;
                    streamed += piece.Length;
                    yield return new StylistAdviceUpdate(piece);
                }
            }
        }

        if (failure is null)
        {
            var (answer, problem) = StylistPrompt.ParseAnswer(reader.Reply, options.MaxAnswerLength);
            if (answer is not null)
            {
                yield return new StylistAdviceUpdate("", new StylistAdvice(answer, ResultSource.Llm));
                yield break;
            }

            failure = "invalid reply: " + problem;
            failureKind = LlmCall.InvalidReplyReason;
        }

        LlmCall.ReportFallback(_logger, LlmCall.Advice, failureKind, failure);
        activity?.SetStatus(ActivityStatusCode.Error, failure);
        var fallback = TemplateStylistAssistant.Advise(request, failure);

        // Nothing streamed yet: the template's text is the stream. Otherwise the completed advice replaces what was shown.
        yield return new StylistAdviceUpdate(streamed == 0 ? fallback.Text : "", fallback);
    }
}
