namespace MultimodalSearch.Blip2.Text;

/// <summary>
/// WordPiece as BERT runs it on each pre-tokenized word: greedy longest match from the left, pieces after the
/// first taken from the <c>##</c> continuations; a word that cannot be covered, or that is longer than
/// <see cref="MaxCharactersPerWord"/> characters, becomes one unknown token.
/// </summary>
internal static class WordPiece
{
    /// <summary>The longest word, in Unicode scalar values, that is split into pieces (bert-base-uncased's 100).</summary>
    public const int MaxCharactersPerWord = 100;

    /// <summary>
    /// Writes the piece ids of <paramref name="word"/> into <paramref name="pieces"/> (at least
    /// <see cref="MaxCharactersPerWord"/> long) and returns how many; returns 0 when the word is unknown.
    /// </summary>
    public static int Encode(ReadOnlySpan<char> word, WordPieceVocabulary vocabulary, Span<int> pieces)
    {
        if (word.Length > MaxCharactersPerWord && CountScalars(word) > MaxCharactersPerWord)
        {
            return 0;
        }

        var count = 0;
        for (var start = 0; start < word.Length;)
        {
            // Pieces longer than the vocabulary's longest cannot match: starting below that length keeps a long
            // word linear (the reference tries every length, with the same result).
            var end = Math.Min(word.Length, start + (start == 0 ? vocabulary.MaxTokenLength : vocabulary.MaxContinuationLength));
            var id = -1;
            while (end > start)
            {
                var piece = word[start..end];
                id = start == 0 ? vocabulary.TokenId(piece) : vocabulary.ContinuationId(piece);
                if (id >= 0)
                {
                    break;
                }

                // Shorten by one scalar value (a capped end inside a surrogate pair just fails its one look-up).
                end -= end - 2 >= start && char.IsSurrogatePair(word[end - 2], word[end - 1]) ? 2 : 1;
            }

            if (id < 0)
            {
                return 0;
            }

            pieces[count++] = id;
            start = end;
        }

        return count;
    }

    private static int CountScalars(ReadOnlySpan<char> word)
    {
        var count = word.Length;
        foreach (var c in word)
        {
            if (char.IsLowSurrogate(c))
            {
                count--;
            }
        }

        return count;
    }
}
