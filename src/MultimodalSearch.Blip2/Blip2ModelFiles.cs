using System.Text.Json;

namespace MultimodalSearch.Blip2;

/// <summary>The files of a BLIP-2 model directory, checked to exist, with the maximum text length resolved.</summary>
internal sealed record Blip2ModelFiles(string Directory, string VisionModel, string TextModel, string Vocabulary, string PreprocessorConfig, int MaxTextTokens)
{
    private const int DefaultMaxTextTokens = 512;

    public static Blip2ModelFiles Resolve(string directory, int maxTextTokens)
    {
        if (string.IsNullOrWhiteSpace(directory))
        {
            throw new EmbeddingModelException("No BLIP-2 model directory is configured (MultimodalSearch:Blip2:ModelDirectory).");
        }

        var full = Path.GetFullPath(directory);
        if (!System.IO.Directory.Exists(full))
        {
            throw new EmbeddingModelException($"The BLIP-2 model directory '{full}' does not exist. Expected a folder with vision.onnx, text.onnx, vocab.txt and preprocessor_config.json.");
        }

        string Require(string name, string what)
        {
            var path = Path.Combine(full, name);
            if (!File.Exists(path))
            {
                throw new EmbeddingModelException($"The BLIP-2 model directory '{full}' has no {name} ({what}).");
            }

            return path;
        }

        var vision = Require("vision.onnx", "the vision graph: pixel_values [batch,3,H,W] -> image_embeds [batch,queries,dims]");
        var text = Require("text.onnx", "the text graph: input_ids, attention_mask [batch,seq] -> text_embeds [batch,seq,dims]");
        var vocab = Require("vocab.txt", "the WordPiece vocabulary");
        var preprocessor = Require("preprocessor_config.json", "the image processor settings");
        var maxTokens = maxTextTokens > 0 ? maxTextTokens : ReadMaxPositions(full);
        return new Blip2ModelFiles(full, vision, text, vocab, preprocessor, maxTokens);
    }

    private static int ReadMaxPositions(string directory)
    {
        var path = Path.Combine(directory, "hf", "config.json");
        if (!File.Exists(path))
        {
            path = Path.Combine(directory, "config.json");
            if (!File.Exists(path))
            {
                return DefaultMaxTextTokens;
            }
        }

        try
        {
            using var document = JsonDocument.Parse(File.ReadAllText(path));
            if (document.RootElement.TryGetProperty("qformer_config", out var qformer) &&
                qformer.TryGetProperty("max_position_embeddings", out var max) &&
                max.TryGetInt32(out var value) && value >= 2)
            {
                return value;
            }

            return DefaultMaxTextTokens;
        }
        catch (JsonException ex)
        {
            throw new EmbeddingModelException($"The model config '{path}' is not valid JSON: {ex.Message}", ex);
        }
    }
}
