using System.Diagnostics;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace MultimodalSearch;

/// <summary>
/// Classifies with a language model through <see cref="IChatClient"/> and structured JSON output, validating
/// the reply; the offline classifier answers when the call fails, times out or the reply is unusable.
/// </summary>
internal sealed class ChatIntentClassifier : IIntentClassifier
{
    private readonly IChatClient _chatClient;
    private readonly KeywordIntentClassifier _offline;
    private readonly IOptions<IntentClassifierOptions> _options;
    private readonly ILogger _logger;

    /// <summary>Creates the classifier.</summary>
    /// <param name="chatClient">The chat client.</param>
    /// <param name="offline">The offline classifier, for the fallback and the catalog vocabulary.</param>
    /// <param name="options">The options.</param>
    /// <param name="logger">The logger, or null.</param>
    public ChatIntentClassifier(IChatClient chatClient, KeywordIntentClassifier offline, IOptions<IntentClassifierOptions> options, ILogger<ChatIntentClassifier>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(chatClient);
        ArgumentNullException.ThrowIfNull(offline);
        ArgumentNullException.ThrowIfNull(options);
        _chatClient = chatClient;
        _offline = offline;
        _options = options;
        _logger = logger ?? NullLogger<ChatIntentClassifier>.Instance;
    }

    /// <inheritdoc />
    public async Task<IntentClassification> ClassifyAsync(IntentRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        var options = _options.Value;
        var vocabulary = _offline.CreateVocabulary(request.Categories);
        if (request.Categories.Count == 0)
        {
            return _offline.Classify(request, vocabulary, "the catalog has no categories to offer");
        }

        using var activity = MultimodalSearchMetrics.Source.StartActivity("llm.classify_intent");
        var dropped = new List<string>();
        var (intent, failure) = await LlmCall.RunAsync(
            async token =>
            {
                var response = await _chatClient.GetResponseAsync(
                    IntentPrompt.CreateMessages(request, options),
                    IntentPrompt.CreateChatOptions(request, options),
                    token).ConfigureAwait(false);
                return IntentReply.Parse(response.Text, vocabulary, request, options.MaxItems, dropped);
            },
            options.LlmTimeout,
            LlmCall.IntentClassification,
            _logger,
            cancellationToken).ConfigureAwait(false);
        if (intent is not null)
        {
            if (dropped.Count > 0)
            {
                IntentLog.UnknownValuesDropped(_logger, string.Join(", ", dropped));
            }

            // The model chose the categories; the phrases that name them come from the message itself.
            var resolved = ConversationResolver.Resolve(intent, request.Conversation, request.HasPhoto);
            return _offline.ToClassification(resolved, request, vocabulary, ResultSource.Llm, null);
        }

        activity?.SetStatus(ActivityStatusCode.Error, failure);
        return _offline.Classify(request, vocabulary, failure);
    }
}
