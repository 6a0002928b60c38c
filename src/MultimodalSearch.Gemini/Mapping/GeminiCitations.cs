using System.Text;
using System.Text.Json;
using Microsoft.Extensions.AI;

namespace MultimodalSearch.Gemini.Mapping;

/// <summary>
/// Turns a candidate's <c>citationMetadata</c> (<c>citationSources</c> on the Gemini API, <c>citations</c> on
/// Vertex AI) and <c>groundingMetadata.groundingSupports</c> (with their <c>groundingChunks</c>) into M.E.AI
/// <see cref="CitationAnnotation"/>s. Google counts <c>startIndex</c>/<c>endIndex</c> in UTF-8 bytes of the
/// answer; the annotations count characters of the text they are attached to, as M.E.AI does.
/// </summary>
internal static class GeminiCitations
{
    public static List<AIAnnotation> Create(JsonElement? citationMetadata, JsonElement? groundingMetadata, string text)
    {
        var annotations = new List<AIAnnotation>();
        if (citationMetadata is { ValueKind: JsonValueKind.Object } citations)
        {
            foreach (var name in (ReadOnlySpan<string>)["citationSources", "citations"])
            {
                if (citations.TryGetProperty(name, out var sources) && sources.ValueKind == JsonValueKind.Array)
                {
                    annotations.AddRange(sources.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object).Select(s => FromCitation(s, text)));
                }
            }
        }

        if (groundingMetadata is { ValueKind: JsonValueKind.Object } grounding
            && grounding.TryGetProperty("groundingSupports", out var supports) && supports.ValueKind == JsonValueKind.Array)
        {
            var chunks = grounding.TryGetProperty("groundingChunks", out var c) && c.ValueKind == JsonValueKind.Array ? c : default;
            foreach (var support in supports.EnumerateArray().Where(s => s.ValueKind == JsonValueKind.Object))
            {
                annotations.AddRange(FromSupport(support, chunks, text));
            }
        }

        return annotations;
    }

    private static CitationAnnotation FromCitation(JsonElement source, string text)
    {
        var annotation = new CitationAnnotation
        {
            Title = String(source, "title"),
            Url = Uri.TryCreate(String(source, "uri"), UriKind.RelativeOrAbsolute, out var uri) ? uri : null,
            RawRepresentation = source.Clone(),
            AnnotatedRegions = [Region(source, text)],
        };
        if (String(source, "license") is { Length: > 0 } license)
        {
            (annotation.AdditionalProperties ??= [])["license"] = license;
        }

        if (source.TryGetProperty("publicationDate", out var date) && date.ValueKind == JsonValueKind.Object)
        {
            (annotation.AdditionalProperties ??= [])["publicationDate"] = date.Clone();
        }

        return annotation;
    }

    // One support cites each chunk it names; a chunk is a web page ("web"), a retrieved document
    // ("retrievedContext") or a place ("maps"), each with a uri and a title.
    private static IEnumerable<CitationAnnotation> FromSupport(JsonElement support, JsonElement chunks, string text)
    {
        var segment = support.TryGetProperty("segment", out var s) && s.ValueKind == JsonValueKind.Object ? s : default;
        var region = segment.ValueKind == JsonValueKind.Object ? Region(segment, text) : null;
        var snippet = segment.ValueKind == JsonValueKind.Object ? String(segment, "text") : null;
        if (!support.TryGetProperty("groundingChunkIndices", out var indices) || indices.ValueKind != JsonValueKind.Array)
        {
            yield break;
        }

        foreach (var index in indices.EnumerateArray())
        {
            if (index.ValueKind != JsonValueKind.Number || !index.TryGetInt32(out var i)
                || chunks.ValueKind != JsonValueKind.Array || i < 0 || i >= chunks.GetArrayLength())
            {
                continue;
            }

            var source = chunks[i].ValueKind == JsonValueKind.Object
                ? chunks[i].EnumerateObject().Select(p => p.Value).FirstOrDefault(v => v.ValueKind == JsonValueKind.Object)
                : default;
            yield return new CitationAnnotation
            {
                Title = source.ValueKind == JsonValueKind.Object ? String(source, "title") : null,
                Url = source.ValueKind == JsonValueKind.Object && Uri.TryCreate(String(source, "uri"), UriKind.RelativeOrAbsolute, out var uri) ? uri : null,
                Snippet = snippet,
                ToolName = "google_search",
                RawRepresentation = support.Clone(),
                AnnotatedRegions = region is null ? null : [region],
            };
        }
    }

    private static TextSpanAnnotatedRegion Region(JsonElement element, string text) => new()
    {
        StartIndex = CharIndex(text, Int(element, "startIndex") ?? 0),
        EndIndex = Int(element, "endIndex") is { } end ? CharIndex(text, end) : null,
    };

    // Google's indices are UTF-8 byte offsets; an offset past the text (or inside a character) is clamped.
    private static int CharIndex(string text, int byteOffset)
    {
        if (byteOffset <= 0)
        {
            return 0;
        }

        var bytes = 0;
        for (var i = 0; i < text.Length; i++)
        {
            var width = char.IsHighSurrogate(text[i]) && i + 1 < text.Length ? 4 : Encoding.UTF8.GetByteCount(text.AsSpan(i, 1));
            if (bytes + width > byteOffset)
            {
                return i;
            }

            bytes += width;
            if (width == 4)
            {
                i++;
            }
        }

        return text.Length;
    }

    private static string? String(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static int? Int(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n) ? n : null;
}
