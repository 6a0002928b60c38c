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
    private const int ChunkLength = 1024;

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
        ids[0] = _classificationId;
        var count = 1;
        var limit = MaxTokens - 1;
        var rest = text.AsSpan();
        while (count < limit)
        {
            var special = _specialTokens.Find(rest, out var specialId, out var specialLength);
            count = EncodeSegment(special < 0 ? rest : rest[..special], pieces, ids[..limit], count);
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

    private int EncodeSegment(ReadOnlySpan<char> segment, Span<int> pieces, Span<int> ids, int count)
    {
        while (!segment.IsEmpty && count < ids.Length)
        {
            var chunk = segment[..ChunkEnd(segment)];
            segment = segment[chunk.Length..];
            var buffer = ArrayPool<char>.Shared.Rent(BertTextNormalizer.MaxOutputLength(chunk.Length));
            try
            {
                count = EncodeNormalized(buffer.AsSpan(0, BertTextNormalizer.Normalize(chunk, buffer)), pieces, ids, count);
            }
            finally
            {
                ArrayPool<char>.Shared.Return(buffer);
            }
        }

        return count;
    }

    /// <summary>
    /// Where the chunk of text to normalise next ends: after the first space from <see cref="ChunkLength"/> on. A
    /// space ends a word and the normaliser maps one character at a time, so chunks tokenize as the whole text
    /// does, and a long text is read only as far as the tokens it fills.
    /// </summary>
    private static int ChunkEnd(ReadOnlySpan<char> text)
    {
        if (text.Length <= ChunkLength)
        {
            return text.Length;
        }

        var space = text[ChunkLength..].IndexOf(' ');
        return space < 0 ? text.Length : ChunkLength + space + 1;
    }

    private int EncodeNormalized(ReadOnlySpan<char> normalized, Span<int> pieces, Span<int> ids, int count)
    {
        var words = new BertPreTokenizer(normalized);
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
