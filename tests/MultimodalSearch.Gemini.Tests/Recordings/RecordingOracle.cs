using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace MultimodalSearch.Gemini.Tests.Recordings;

/// <summary>
/// Reads what a recording says, without the client: how the server must send it and what a client that
/// follows Google's published API must make of it. Everything here comes from the body and from Google's
/// documentation of the fields (protos, SDK behaviour), never from the client's output.
/// </summary>
public static class RecordingOracle
{
    // Finish reasons Google's protos document as a filter (safety, recitation, blocklist, prohibited content,
    // SPII, Model Armor, and the image variants of safety, prohibited content and recitation).
    private static readonly HashSet<string> FilterReasons = new(StringComparer.Ordinal)
    {
        "SAFETY", "RECITATION", "BLOCKLIST", "PROHIBITED_CONTENT", "SPII", "MODEL_ARMOR",
        "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "IMAGE_RECITATION",
    };

    /// <summary>Describes how to replay <paramref name="name"/> and what must come out.</summary>
    public static IReadOnlyList<RecordingCase> Read(string name, string text)
    {
        if (name.EndsWith(".html", StringComparison.Ordinal))
        {
            // An HTML error page from Google's front end (the file name says what it was: not found).
            return [RecordingCase.HttpError(404, "text/html", text, streaming: false, expectedStatus: 404, expectedGoogleStatus: null, retryAfter: null)];
        }

        var streaming = text.TrimStart().StartsWith("data:", StringComparison.Ordinal);
        if (streaming)
        {
            return [ReadStream(text)];
        }

        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        var isStreamName = Path.GetFileName(name).StartsWith("streaming-", StringComparison.Ordinal);
        if (root.TryGetProperty("error", out var error))
        {
            return [FromError(error, text, isStreamName)];
        }

        // A file of several named error envelopes (gemini-cli's quota errors): each one is a reply of its own.
        var named = root.EnumerateObject().Where(p => p.Value.ValueKind == JsonValueKind.Object && p.Value.TryGetProperty("error", out _)).ToList();
        if (named.Count > 0)
        {
            return [.. named.Select(p => FromError(p.Value.GetProperty("error"), p.Value.GetRawText(), streaming: false) with { Label = p.Name })];
        }

        return [ReadUnary(root, text)];
    }

    private static RecordingCase FromError(JsonElement error, string body, bool streaming)
    {
        var code = error.TryGetProperty("code", out var c) && c.TryGetInt32(out var n) ? n : 500;
        var httpStatus = code is >= 400 and <= 599 ? code : 500;
        return RecordingCase.HttpError(
            httpStatus, "application/json", body, streaming, expectedStatus: code, expectedGoogleStatus: String(error, "status"), retryAfter: RetryDelay(error));
    }

    private static RecordingCase ReadUnary(JsonElement root, string body)
    {
        var expected = new ExpectedAnswer();
        if (Blocked(root) is { } blocked)
        {
            return RecordingCase.Unary(body, expected with { Outcome = Outcome.PromptBlocked, BlockReason = blocked });
        }

        if (!root.TryGetProperty("candidates", out var candidates) || candidates.ValueKind != JsonValueKind.Array || candidates.GetArrayLength() == 0)
        {
            return RecordingCase.Unary(body, expected with { Outcome = Outcome.Fails });
        }

        var candidate = candidates[0];
        var parts = Parts(candidate);
        var finish = String(candidate, "finishReason");
        if (parts.Count == 0 && finish is null)
        {
            return RecordingCase.Unary(body, expected with { Outcome = Outcome.Fails });
        }

        expected = Accumulate(expected, parts) with
        {
            Outcome = Outcome.Answers,
            ModelId = String(root, "modelVersion"),
            ResponseId = String(root, "responseId"),
            FinishMessage = String(candidate, "finishMessage"),
            HasGroundingMetadata = candidate.TryGetProperty("groundingMetadata", out _),
            HasUrlContextMetadata = candidate.TryGetProperty("urlContextMetadata", out _),
            CitationUrls = CitationUrls(candidate),
            Usage = Usage(root),
        };
        return RecordingCase.Unary(body, expected with { FinishReason = Finish(finish, expected.FunctionCalls.Count > 0) });
    }

    private static RecordingCase ReadStream(string text)
    {
        var events = new List<string>();
        var stray = new StringBuilder();
        foreach (var line in text.Split('\n').Select(l => l.TrimEnd('\r')))
        {
            if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                events.Add(line[5..].TrimStart(' '));
            }
            else if (line.Length > 0 && !line.StartsWith(':'))
            {
                stray.AppendLine(line);
            }
        }

        var expected = new ExpectedAnswer { Outcome = Outcome.Answers };
        string? finish = null;
        JsonElement? lastUsage = null;
        var urls = new List<string>();
        foreach (var data in events)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(data);
            }
            catch (JsonException)
            {
                return RecordingCase.Stream(text, expected with { Outcome = Outcome.Fails });
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.TryGetProperty("error", out var error))
                {
                    return RecordingCase.Stream(text, expected with { Outcome = Outcome.Fails, ErrorStatus = error.GetProperty("code").GetInt32() });
                }

                if (Blocked(root) is { } blocked)
                {
                    return RecordingCase.Stream(text, expected with { Outcome = Outcome.PromptBlocked, BlockReason = blocked });
                }

                if (root.TryGetProperty("usageMetadata", out var usage))
                {
                    lastUsage = usage.Clone();
                }

                if (root.TryGetProperty("candidates", out var candidates) && candidates.ValueKind == JsonValueKind.Array && candidates.GetArrayLength() > 0)
                {
                    var candidate = candidates[0];
                    expected = Accumulate(expected, Parts(candidate));
                    finish = String(candidate, "finishReason") ?? finish;
                    expected = expected with
                    {
                        ModelId = String(root, "modelVersion") ?? expected.ModelId,
                        FinishMessage = String(candidate, "finishMessage") ?? expected.FinishMessage,
                        HasGroundingMetadata = expected.HasGroundingMetadata || candidate.TryGetProperty("groundingMetadata", out _),
                        HasUrlContextMetadata = expected.HasUrlContextMetadata || candidate.TryGetProperty("urlContextMetadata", out _),
                    };
                    urls.AddRange(CitationUrls(candidate));
                }
            }
        }

        // An error body after the events, or any other text that is no event, ends the stream as a failure.
        if (stray.Length > 0)
        {
            int? status = null;
            try
            {
                using var error = JsonDocument.Parse(stray.ToString());
                status = error.RootElement.TryGetProperty("error", out var e) && e.TryGetProperty("code", out var code) ? code.GetInt32() : null;
            }
            catch (JsonException)
            {
            }

            return RecordingCase.Stream(text, expected with { Outcome = Outcome.FailsAfterUpdates, ErrorStatus = status });
        }

        if (finish is null)
        {
            return RecordingCase.Stream(text, expected with { Outcome = Outcome.FailsAfterUpdates });
        }

        return RecordingCase.Stream(text, expected with
        {
            FinishReason = Finish(finish, expected.FunctionCalls.Count > 0),
            Usage = lastUsage is { } u ? UsageOf(u) : null,
            CitationUrls = urls,
        });
    }

    private static ExpectedAnswer Accumulate(ExpectedAnswer expected, List<JsonElement> parts)
    {
        var text = new StringBuilder(expected.Text);
        var reasoning = new StringBuilder(expected.Reasoning);
        var calls = new List<(string Name, string Args)>(expected.FunctionCalls);
        var signatures = new List<string>(expected.ThoughtSignatures);
        var code = new List<string>(expected.Code);
        var outputs = new List<string>(expected.CodeOutputs);
        var blobs = new List<byte[]>(expected.InlineData);
        foreach (var part in parts)
        {
            var thought = part.TryGetProperty("thought", out var t) && t.ValueKind == JsonValueKind.True;
            if (String(part, "text") is { } partText)
            {
                (thought ? reasoning : text).Append(partText);
            }

            if (part.TryGetProperty("functionCall", out var call))
            {
                calls.Add((call.GetProperty("name").GetString()!, call.TryGetProperty("args", out var args) && args.ValueKind == JsonValueKind.Object ? args.GetRawText() : "null"));
            }

            if (String(part, "thoughtSignature") is { } signature)
            {
                signatures.Add(signature);
            }

            if (part.TryGetProperty("executableCode", out var executable))
            {
                code.Add(String(executable, "code") ?? string.Empty);
            }

            if (part.TryGetProperty("codeExecutionResult", out var result))
            {
                outputs.Add(String(result, "output") ?? string.Empty);
            }

            if (part.TryGetProperty("inlineData", out var blob))
            {
                blobs.Add(Convert.FromBase64String(blob.GetProperty("data").GetString()!));
            }
        }

        return expected with
        {
            Text = text.ToString(),
            Reasoning = reasoning.ToString(),
            FunctionCalls = calls,
            ThoughtSignatures = signatures,
            Code = code,
            CodeOutputs = outputs,
            InlineData = blobs,
        };
    }

    private static List<JsonElement> Parts(JsonElement candidate) =>
        candidate.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object
            && content.TryGetProperty("parts", out var parts) && parts.ValueKind == JsonValueKind.Array
                ? [.. parts.EnumerateArray()]
                : [];

    private static string? Blocked(JsonElement root) =>
        root.TryGetProperty("promptFeedback", out var feedback) && String(feedback, "blockReason") is { } reason && reason != "BLOCK_REASON_UNSPECIFIED"
            ? reason
            : null;

    private static ChatFinishReason? Finish(string? reason, bool calledFunction) => reason switch
    {
        null or "FINISH_REASON_UNSPECIFIED" => null,
        "STOP" => calledFunction ? ChatFinishReason.ToolCalls : ChatFinishReason.Stop,
        "MAX_TOKENS" => ChatFinishReason.Length,
        _ when FilterReasons.Contains(reason) => ChatFinishReason.ContentFilter,
        _ => new ChatFinishReason(reason),
    };

    // Every cited source: citationMetadata entries (citationSources on the Gemini API, citations on Vertex AI),
    // and each grounding chunk a grounding support points at.
    private static List<string> CitationUrls(JsonElement candidate)
    {
        var urls = new List<string>();
        if (candidate.TryGetProperty("citationMetadata", out var metadata))
        {
            foreach (var name in new[] { "citationSources", "citations" })
            {
                if (metadata.TryGetProperty(name, out var sources))
                {
                    urls.AddRange(sources.EnumerateArray().Select(s => String(s, "uri") ?? string.Empty));
                }
            }
        }

        if (candidate.TryGetProperty("groundingMetadata", out var grounding) && grounding.TryGetProperty("groundingSupports", out var supports))
        {
            var chunks = grounding.TryGetProperty("groundingChunks", out var c) ? c.EnumerateArray().ToList() : [];
            foreach (var support in supports.EnumerateArray())
            {
                foreach (var index in support.TryGetProperty("groundingChunkIndices", out var indices) ? indices.EnumerateArray() : default)
                {
                    var i = index.GetInt32();
                    if (i < chunks.Count)
                    {
                        // A chunk is {"web": {...}}, {"retrievedContext": {...}} or {"maps": {...}}: the source is its object.
                        var source = chunks[i].EnumerateObject().Select(p => p.Value).FirstOrDefault(v => v.ValueKind == JsonValueKind.Object);
                        urls.Add(String(source, "uri") ?? string.Empty);
                    }
                }
            }
        }

        return urls;
    }

    private static UsageDetails? Usage(JsonElement root) => root.TryGetProperty("usageMetadata", out var usage) ? UsageOf(usage) : null;

    // Input and output add up to Gemini's total: total = prompt + tool-use prompt + candidates + thoughts.
    private static UsageDetails UsageOf(JsonElement usage)
    {
        long? Count(string name) => usage.TryGetProperty(name, out var value) ? value.GetInt64() : null;
        var prompt = Count("promptTokenCount");
        var toolUse = Count("toolUsePromptTokenCount");
        var candidates = Count("candidatesTokenCount");
        var thoughts = Count("thoughtsTokenCount");
        return new UsageDetails
        {
            InputTokenCount = prompt is null && toolUse is null ? null : (prompt ?? 0) + (toolUse ?? 0),
            OutputTokenCount = candidates is null && thoughts is null ? null : (candidates ?? 0) + (thoughts ?? 0),
            TotalTokenCount = Count("totalTokenCount"),
            ReasoningTokenCount = thoughts,
            CachedInputTokenCount = Count("cachedContentTokenCount"),
        };
    }

    private static TimeSpan? RetryDelay(JsonElement error)
    {
        if (!error.TryGetProperty("details", out var details))
        {
            return null;
        }

        foreach (var detail in details.EnumerateArray())
        {
            if (String(detail, "@type") == "type.googleapis.com/google.rpc.RetryInfo" && String(detail, "retryDelay") is { } delay)
            {
                return TimeSpan.FromSeconds(double.Parse(delay.TrimEnd('s'), CultureInfo.InvariantCulture));
            }
        }

        return null;
    }

    private static string? String(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
