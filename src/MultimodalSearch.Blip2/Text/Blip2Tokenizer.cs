using Microsoft.ML.Tokenizers;

namespace MultimodalSearch.Blip2.Text;

/// <summary>
/// BLIP-2's text tokenizer: bert-base-uncased WordPiece (lower-casing, accent stripping, punctuation and
/// CJK splitting, control characters removed; see <see cref="BertTextNormalizer"/>), with [CLS] ... [SEP] and truncation that keeps [SEP].
/// </summary>
/// <remarks>Thread-safe: the underlying tokenizer is immutable after creation.</remarks>
internal sealed class Blip2Tokenizer
{
    private readonly BertTokenizer _tokenizer;

    private Blip2Tokenizer(BertTokenizer tokenizer, int maxTokens)
    {
        _tokenizer = tokenizer;
        MaxTokens = maxTokens;
    }

    /// <summary>Gets the most tokens an encoded text has, [CLS] and [SEP] included.</summary>
    public int MaxTokens { get; }

    /// <summary>Gets the id of the padding token.</summary>
    public int PaddingId => _tokenizer.PaddingTokenId;

    public static Blip2Tokenizer Load(string vocabPath, int maxTokens)
    {
        if (maxTokens < 2)
        {
            throw new EmbeddingModelException($"The maximum text length must leave room for [CLS] and [SEP]; got {maxTokens}.");
        }

        BertTokenizer tokenizer;
        try
        {
            tokenizer = BertTokenizer.Create(vocabPath, new BertOptions
            {
                // Lower-casing and accent stripping are done by BertTextNormalizer, independent of ICU.
                LowerCaseBeforeTokenization = false,
                RemoveNonSpacingMarks = false,
                ApplyBasicTokenization = true,
                IndividuallyTokenizeCjk = true,
                SplitOnSpecialTokens = true,
            });
        }
        catch (Exception ex) when (ex is IOException or ArgumentException or InvalidOperationException or FormatException or UnauthorizedAccessException)
        {
            throw new EmbeddingModelException($"Cannot load the WordPiece vocabulary '{vocabPath}': {ex.Message}", ex);
        }

        return new Blip2Tokenizer(tokenizer, maxTokens);
    }

    /// <summary>Encodes a text as [CLS] tokens... [SEP], truncated to <see cref="MaxTokens"/> with [SEP] kept.</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var tokens = _tokenizer.EncodeToIds(BertTextNormalizer.Normalize(text), addSpecialTokens: false, considerPreTokenization: true, considerNormalization: true);
        var kept = Math.Min(tokens.Count, MaxTokens - 2);
        var ids = new int[kept + 2];
        ids[0] = _tokenizer.ClassificationTokenId;
        for (var i = 0; i < kept; i++)
        {
            ids[i + 1] = tokens[i];
        }

        ids[^1] = _tokenizer.SeparatorTokenId;
        return ids;
    }
}
