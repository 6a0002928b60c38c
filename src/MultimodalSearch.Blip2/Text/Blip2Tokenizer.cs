using System.Buffers;

namespace MultimodalSearch.Blip2.Text;

/// <summary>
/// BLIP-2's text tokenizer, Hugging Face's <c>BertTokenizer</c> for bert-base-uncased: special tokens written in
/// the text kept whole, <see cref="BertTextNormalizer"/>, <see cref="BertPreTokenizer"/> and
/// <see cref="WordPiece"/>, then [CLS] ... [SEP] with truncation that keeps [SEP].
/// </summary>
/// <remarks>Thread-safe: immutable after loading; each call works in its own (pooled) buffers.</remarks>
internal sealed class Blip2Tokenizer
{
    private const string UnknownToken = "[UNK]";

    private readonly WordPieceVocabulary _vocabulary;
    private readonly SpecialTokens _specialTokens;
    private readonly int _unknownId;
    private readonly int _classificationId;
    private readonly int _separatorId;

    private Blip2Tokenizer(WordPieceVocabulary vocabulary, int maxTokens)
    {
        _vocabulary = vocabulary;
        _specialTokens = new SpecialTokens(vocabulary);
        _unknownId = RequiredId(vocabulary, UnknownToken);
        _classificationId = RequiredId(vocabulary, "[CLS]");
        _separatorId = RequiredId(vocabulary, "[SEP]");
        PaddingId = RequiredId(vocabulary, "[PAD]");
        MaxTokens = maxTokens;
    }

    /// <summary>Gets the most tokens an encoded text has, [CLS] and [SEP] included.</summary>
    public int MaxTokens { get; }

    /// <summary>Gets the id of the padding token.</summary>
    public int PaddingId { get; }

    /// <summary>Loads the WordPiece vocabulary of a model.</summary>
    /// <exception cref="EmbeddingModelException">The file cannot be read, lacks a special token, or <paramref name="maxTokens"/> is below 2.</exception>
    public static Blip2Tokenizer Load(string vocabPath, int maxTokens)
    {
        if (maxTokens < 2)
        {
            throw new EmbeddingModelException($"The maximum text length must leave room for [CLS] and [SEP]; got {maxTokens}.");
        }

        WordPieceVocabulary vocabulary;
        try
        {
            vocabulary = WordPieceVocabulary.Load(vocabPath);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new EmbeddingModelException($"Cannot load the WordPiece vocabulary '{vocabPath}': {ex.Message}", ex);
        }

        try
        {
            return new Blip2Tokenizer(vocabulary, maxTokens);
        }
        catch (KeyNotFoundException ex)
        {
            throw new EmbeddingModelException($"The WordPiece vocabulary '{vocabPath}' {ex.Message}", ex);
        }
    }

    /// <summary>Encodes a text as [CLS] tokens... [SEP], truncated to <see cref="MaxTokens"/> with [SEP] kept.</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        Span<int> ids = MaxTokens <= 512 ? stackalloc int[MaxTokens] : new int[MaxTokens];
        Span<int> pieces = stackalloc int[WordPiece.MaxCharactersPerWord];
        var buffer = ArrayPool<char>.Shared.Rent(BertTextNormalizer.MaxOutputLength(text.Length));
        try
        {
            ids[0] = _classificationId;
            var count = 1;
            var limit = MaxTokens - 1;
            var rest = text.AsSpan();
            while (count < limit)
            {
                var special = _specialTokens.Find(rest, out var specialId, out var specialLength);
                count = EncodeSegment(special < 0 ? rest : rest[..special], buffer, pieces, ids[..limit], count);
                if (special < 0 || count == limit)
                {
                    break;
                }

                ids[count++] = specialId;
                rest = rest[(special + specialLength)..];
            }

            ids[count++] = _separatorId;
            return ids[..count].ToArray();
        }
        finally
        {
            ArrayPool<char>.Shared.Return(buffer);
        }
    }

    private int EncodeSegment(ReadOnlySpan<char> segment, Span<char> buffer, Span<int> pieces, Span<int> ids, int count)
    {
        var length = BertTextNormalizer.Normalize(segment, buffer);
        var words = new BertPreTokenizer(buffer[..length]);
        while (count < ids.Length && words.TryReadWord(out var word))
        {
            var found = WordPiece.Encode(word, _vocabulary, pieces);
            if (found == 0)
            {
                ids[count++] = _unknownId;
                continue;
            }

            var kept = Math.Min(found, ids.Length - count);
            pieces[..kept].CopyTo(ids[count..]);
            count += kept;
        }

        return count;
    }

    private static int RequiredId(WordPieceVocabulary vocabulary, string token)
    {
        var id = vocabulary.TokenId(token);
        return id >= 0 ? id : throw new KeyNotFoundException($"has no {token} token.");
    }
}
