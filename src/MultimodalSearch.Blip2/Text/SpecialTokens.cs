namespace MultimodalSearch.Blip2.Text;

/// <summary>
/// The special tokens that Hugging Face's tokenizer keeps whole where a text contains them, exactly as written
/// (case-sensitive, before normalisation): bert-base-uncased's [PAD], [UNK], [CLS], [SEP] and [MASK], and BLIP-2's
/// [DEC], each where the vocabulary has it.
/// </summary>
internal sealed class SpecialTokens
{
    private static readonly string[] Candidates = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]", "[DEC]"];

    private readonly (string Token, int Id)[] _tokens;

    /// <summary>Initialises the set with the candidates <paramref name="vocabulary"/> holds.</summary>
    public SpecialTokens(WordPieceVocabulary vocabulary) =>
        _tokens = [.. Candidates.Select(token => (token, vocabulary.TokenId(token))).Where(entry => entry.Item2 >= 0)];

    /// <summary>Finds the first special token in <paramref name="text"/>: its index, or -1, its id and length.</summary>
    public int Find(ReadOnlySpan<char> text, out int id, out int length)
    {
        var offset = 0;
        while (true)
        {
            var bracket = text[offset..].IndexOf('[');
            if (bracket < 0)
            {
                id = length = 0;
                return -1;
            }

            var at = offset + bracket;
            foreach (var (token, tokenId) in _tokens)
            {
                if (text[at..].StartsWith(token, StringComparison.Ordinal))
                {
                    id = tokenId;
                    length = token.Length;
                    return at;
                }
            }

            offset = at + 1;
        }
    }
}
