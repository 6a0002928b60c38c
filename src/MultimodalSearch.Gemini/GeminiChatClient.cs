using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using MultimodalSearch.Gemini.Authentication;
using MultimodalSearch.Gemini.Configuration;
using MultimodalSearch.Gemini.Http;
using MultimodalSearch.Gemini.Mapping;
using MultimodalSearch.Gemini.Wire;

namespace MultimodalSearch.Gemini;

/// <summary>
/// Google Gemini as a Microsoft.Extensions.AI <see cref="IChatClient"/>, over Gemini's REST API: the
/// Gemini API with an API key, or Vertex AI with OAuth tokens. Supports text, images
/// (<see cref="DataContent"/>), file URIs (<see cref="UriContent"/>), JSON-schema output (so
/// <c>GetResponseAsync&lt;T&gt;()</c> works), function calling and streaming, with retries and timeouts.
/// </summary>
/// <remarks>
/// The client is thread-safe; create one and share it. In an application prefer
/// <c>services.AddGeminiChatClient(...)</c>, which also lets you add M.E.AI middleware. A safety stop in the
/// middle of an answer ends it with <see cref="ChatFinishReason.ContentFilter"/>; a blocked prompt throws
/// <see cref="GeminiPromptBlockedException"/>.
/// </remarks>
public sealed class GeminiChatClient : IChatClient
{
    private readonly GeminiEndpoint _endpoint;
    private readonly GeminiTransport _transport;
    private readonly HttpClient _http;
    private readonly bool _ownsHttpClient;
    private readonly string _model;
    private readonly long _maxInlineDataBytes;
    private readonly GeminiSafetySetting[] _safetySettings;
    private readonly ChatClientMetadata _metadata;

    /// <summary>Creates a client.</summary>
    /// <param name="options">The backend and its settings; read once, later changes have no effect.</param>
    /// <param name="httpClient">
    /// The HTTP client to send with, or <see langword="null"/> to create one. Its own
    /// <see cref="HttpClient.Timeout"/> should be infinite (or above <see cref="GeminiClientOptions.RequestTimeout"/>):
    /// this client applies its own timeouts. A client passed in is not disposed.
    /// </param>
    /// <param name="accessTokenSource">
    /// Vertex AI tokens; when <see langword="null"/>, Google Application Default Credentials (or
    /// <see cref="GeminiClientOptions.CredentialsFile"/>) are used. Not used by the Gemini API.
    /// </param>
    /// <param name="logger">Logs attempts and retries, never secrets.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException"><paramref name="options"/> is invalid; the message lists every problem.</exception>
    public GeminiChatClient(
        GeminiClientOptions options,
        HttpClient? httpClient = null,
        IGeminiAccessTokenSource? accessTokenSource = null,
        ILogger<GeminiChatClient>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = GeminiClientOptionsValidator.GetErrors(options);
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        _endpoint = new GeminiEndpoint(options);
        _model = options.Model.Trim();
        _maxInlineDataBytes = options.MaxInlineDataBytes;
        _safetySettings = [.. options.SafetySettings.Select(s => new GeminiSafetySetting { Category = s.Category, Threshold = s.Threshold })];
        _ownsHttpClient = httpClient is null;
        _http = httpClient ?? new HttpClient(GeminiHttpHandler.Create(options)) { Timeout = Timeout.InfiniteTimeSpan };
        var tokens = _endpoint.IsVertexAi ? accessTokenSource ?? new GoogleCredentialAccessTokenSource(options.CredentialsFile) : null;
        _transport = new GeminiTransport(_http, options, tokens, (ILogger?)logger ?? NullLogger.Instance);
        _metadata = new ChatClientMetadata(_endpoint.ProviderName, _endpoint.ProviderUri, _model);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is null.</exception>
    /// <exception cref="ArgumentException">The messages cannot be sent (nothing to send, an unknown role, a function result without its call).</exception>
    /// <exception cref="NotSupportedException">A content or tool type Gemini cannot take.</exception>
    /// <exception cref="GeminiPromptBlockedException">Gemini blocked the prompt.</exception>
    /// <exception cref="GeminiException">Gemini answered with an error, or did not answer in time, after the allowed retries.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public async Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var (uri, body, model) = Prepare(messages, options, streaming: false);
        var started = Stopwatch.GetTimestamp();
        try
        {
            var bytes = await _transport.PostAsync(uri, body, cancellationToken).ConfigureAwait(false);
            var (response, raw) = Parse(bytes, "Gemini returned");
            var chat = Map(() => GeminiResponseMapper.ToChatResponse(response, raw));
            GeminiDiagnostics.RecordChat(_endpoint, model, started, chat.ModelId, chat.Usage, null);
            return chat;
        }
        catch (Exception ex)
        {
            GeminiDiagnostics.RecordChat(_endpoint, model, started, null, null, ex.GetType().FullName);
            throw;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// Updates arrive as Gemini sends them; usage comes once, in a last update. The request is retried only
    /// until the response starts: an error after that (including an error event after HTTP 200) ends the
    /// enumeration with a <see cref="GeminiException"/>.
    /// </remarks>
    /// <exception cref="ArgumentNullException"><paramref name="messages"/> is null.</exception>
    /// <exception cref="ArgumentException">The messages cannot be sent.</exception>
    /// <exception cref="NotSupportedException">A content or tool type Gemini cannot take.</exception>
    /// <exception cref="GeminiPromptBlockedException">Gemini blocked the prompt.</exception>
    /// <exception cref="GeminiException">Gemini answered with an error, the stream broke or stalled.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        // Prepared here, not in the iterator, so bad input throws at the call rather than at the first MoveNext.
        var (uri, body, model) = Prepare(messages, options, streaming: true);
        return StreamAsync(uri, body, model, cancellationToken);
    }

    /// <inheritdoc />
    /// <exception cref="ArgumentNullException"><paramref name="serviceType"/> is null.</exception>
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        if (serviceKey is not null)
        {
            return null;
        }

        if (serviceType == typeof(ChatClientMetadata))
        {
            return _metadata;
        }

        return serviceType.IsInstanceOfType(this) ? this : null;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsHttpClient)
        {
            _http.Dispose();
        }
    }

    /// <summary>Describes the client without secrets.</summary>
    /// <returns>The provider, endpoint and default model.</returns>
    public override string ToString() => $"GeminiChatClient ({_metadata.ProviderName}, {_metadata.ProviderUri}, model {_model})";

    private (Uri Uri, byte[] Body, string Model) Prepare(IEnumerable<ChatMessage> messages, ChatOptions? options, bool streaming)
    {
        ArgumentNullException.ThrowIfNull(messages);
        var model = string.IsNullOrWhiteSpace(options?.ModelId) ? _model : options.ModelId.Trim();
        var shape = new GeminiRequestShape(_endpoint.IsVertexAi, _endpoint.HasFunctionCallIds, _endpoint.HasThinkingLevel, model, _maxInlineDataBytes);
        var request = GeminiRequestMapper.CreateRequest(messages, options, _safetySettings, shape);
        var uri = _endpoint.GetRequestUri(model, streaming);
        return (uri, GeminiRawRequest.Serialize(request, options?.RawRepresentationFactory?.Invoke(this)), model);
    }

    // The operation lasts until the stream ends (as OpenTelemetry's gen-AI conventions measure streams); an error ends it too.
    private async IAsyncEnumerable<ChatResponseUpdate> StreamAsync(
        Uri uri, byte[] body, string model, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        string? responseModel = null;
        UsageDetails? usageDetails = null;
        var error = "_OTHER";
        try
        {
            await using var updates = ReadStreamAsync(uri, body, cancellationToken).GetAsyncEnumerator(cancellationToken);
            while (true)
            {
                ChatResponseUpdate update;
                try
                {
                    if (!await updates.MoveNextAsync().ConfigureAwait(false))
                    {
                        break;
                    }

                    update = updates.Current;
                }
                catch (Exception ex)
                {
                    error = ex.GetType().FullName;
                    throw;
                }

                responseModel ??= update.ModelId;
                usageDetails = update.Contents.OfType<UsageContent>().FirstOrDefault()?.Details ?? usageDetails;
                yield return update;
            }

            error = null;
        }
        finally
        {
            GeminiDiagnostics.RecordChat(_endpoint, model, started, responseModel, usageDetails, error);
        }
    }

    private async IAsyncEnumerable<ChatResponseUpdate> ReadStreamAsync(
        Uri uri, byte[] body, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var response = await _transport.OpenStreamAsync(uri, body, cancellationToken).ConfigureAwait(false);
        var content = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
        await using var _ = content.ConfigureAwait(false);
        await using var stream = new GeminiEventStream(content, _transport.Timeout);
        await using var enumerator = stream.ReadEventsAsync(cancellationToken).GetAsyncEnumerator(cancellationToken);
        var sawFunctionCall = false;
        var finished = false;
        string? messageId = null;
        GeminiUsageMetadata? usage = null;
        while (await MoveNextAsync(enumerator, cancellationToken).ConfigureAwait(false))
        {
            var (chunk, raw) = Parse(enumerator.Current, "The Gemini stream reported");
            usage = chunk.UsageMetadata ?? usage;
            messageId ??= chunk.ResponseId ?? "gemini-" + Guid.NewGuid().ToString("N");
            var update = Map(() => GeminiResponseMapper.ToUpdate(chunk, raw, messageId, ref sawFunctionCall));
            if (update is not null)
            {
                finished |= update.FinishReason is not null;
                yield return update;
            }
        }

        ThrowIfStrayText(stream);
        if (!finished)
        {
            throw new GeminiException("The Gemini stream ended without a finish reason; the answer may be incomplete.") { IsTransient = true };
        }

        // usageMetadata is cumulative over the chunks, so only the last one is reported.
        if (GeminiResponseMapper.ToUsage(usage) is { } details)
        {
            yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(details)]) { MessageId = messageId };
        }
    }

    private static async ValueTask<bool> MoveNextAsync(IAsyncEnumerator<byte[]> events, CancellationToken cancellationToken)
    {
        try
        {
            return await events.MoveNextAsync().ConfigureAwait(false);
        }
        catch (TimeoutException ex)
        {
            throw new GeminiException($"Gemini stopped sending during the stream: {ex.Message}", innerException: ex) { IsTransient = true };
        }
        catch (Exception ex) when (ex is IOException or HttpRequestException && !cancellationToken.IsCancellationRequested)
        {
            throw new GeminiException($"The Gemini stream broke off: {ex.Message}", innerException: ex) { IsTransient = true };
        }
    }

    // Google ends a failed stream with a bare error body after the events (js-genai throws on it, and on any
    // other text that is not an event): an answer that looked finished must not pass as a success. Checked
    // once the events are read: the parser reads ahead, so earlier the text may belong after events not yet seen.
    private void ThrowIfStrayText(GeminiEventStream stream)
    {
        var text = stream.StrayText;
        if (text.Length == 0)
        {
            return;
        }

        if (GeminiErrorParser.TryParseError(text) is { } error)
        {
            throw _transport.CreateException(error, "The Gemini stream reported");
        }

        var redacted = _transport.Redact(text);
        var excerpt = redacted.Length <= 200 ? redacted : string.Concat(redacted.AsSpan(0, 200), "...");
        throw new GeminiException($"The Gemini stream contained text that is not a Server-Sent Event: {excerpt}");
    }

    // Returns the typed response and its JSON, which becomes RawRepresentation so unmapped fields stay reachable.
    private (GeminiGenerateContentResponse Response, JsonElement Raw) Parse(byte[] json, string errorContext)
    {
        GeminiGenerateContentResponse? response;
        JsonElement raw;
        try
        {
            using var document = JsonDocument.Parse(json);
            raw = document.RootElement.Clone();
            response = raw.ValueKind == JsonValueKind.Object
                ? raw.Deserialize(GeminiJsonContext.Default.GeminiGenerateContentResponse)
                : throw new JsonException($"Expected a JSON object, found {raw.ValueKind}.");
        }
        catch (JsonException ex)
        {
            throw new GeminiException($"Gemini returned a response that is not valid JSON: {ex.Message}", innerException: ex);
        }

        if (response is null)
        {
            throw new GeminiException("Gemini returned an empty response.");
        }

        return response.Error is { } error
            ? throw _transport.CreateException(error, errorContext)
            : (response, raw);
    }

    private static T Map<T>(Func<T> map)
    {
        try
        {
            return map();
        }
        catch (Exception ex) when (ex is FormatException or UriFormatException)
        {
            throw new GeminiException($"Gemini returned a part this client cannot read: {ex.Message}", innerException: ex);
        }
    }
}
