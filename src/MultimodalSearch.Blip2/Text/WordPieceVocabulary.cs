namespace MultimodalSearch.Blip2.Text;

/// <summary>
/// A WordPiece vocabulary (<c>vocab.txt</c>: one token a line, the line number its id): the tokens that start a
/// word and those that continue one (written with a <c>##</c> prefix), both looked up without allocating.
/// </summary>
/// <remarks>Thread-safe: immutable after loading.</remarks>
internal sealed class WordPieceVocabulary
{
    private const string ContinuationPrefix = "##";

    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _tokens;
    private readonly Dictionary<string, int>.AlternateLookup<ReadOnlySpan<char>> _continuations;

    private WordPieceVocabulary(Dictionary<string, int> tokens, Dictionary<string, int> continuations)
    {
        _tokens = tokens.GetAlternateLookup<ReadOnlySpan<char>>();
        _continuations = continuations.GetAlternateLookup<ReadOnlySpan<char>>();
        MaxTokenLength = tokens.Keys.Max(token => (int?)token.Length) ?? 0;
        MaxContinuationLength = continuations.Keys.Max(piece => (int?)piece.Length) ?? 0;
    }

    /// <summary>Gets the length of the longest token (UTF-16 characters): no longer piece can match.</summary>
    public int MaxTokenLength { get; }

    /// <summary>Gets the length of the longest continuation, without its <c>##</c>.</summary>
    public int MaxContinuationLength { get; }

    /// <summary>Reads a vocabulary file.</summary>
    /// <exception cref="IOException">The file cannot be read.</exception>
    /// <exception cref="UnauthorizedAccessException">The file cannot be opened.</exception>
    public static WordPieceVocabulary Load(string path)
    {
        var tokens = new Dictionary<string, int>(StringComparer.Ordinal);
        var continuations = new Dictionary<string, int>(StringComparer.Ordinal);
        var id = 0;
        foreach (var line in File.ReadLines(path))
        {
            // As the tokenizers crate reads it: trailing whitespace trimmed, a later duplicate wins.
            var token = line.TrimEnd();
            tokens[token] = id;
            if (token.StartsWith(ContinuationPrefix, StringComparison.Ordinal))
            {
                continuations[token[ContinuationPrefix.Length..]] = id;
            }

            id++;
        }

        return new WordPieceVocabulary(tokens, continuations);
    }

    /// <summary>Gets the id of a token as written in the file (a piece that starts a word, or a special token), or -1.</summary>
    public int TokenId(ReadOnlySpan<char> token) => _tokens.TryGetValue(token, out var id) ? id : -1;

    /// <summary>Gets the id of <c>##</c><paramref name="piece"/>, a piece that continues a word, or -1.</summary>
    public int ContinuationId(ReadOnlySpan<char> piece) => _continuations.TryGetValue(piece, out var id) ? id : -1;
}
