using System.Text;

namespace MultimodalSearch;

/// <summary>Splits a message into lower-case word tokens for the offline classifier.</summary>
/// <remarks>
/// Hyphens split words ("t-shirt" is "t shirt", "twenty-five" is "twenty five") so that every spelling of a
/// phrase meets the same tokens; apostrophes vanish ("don't" is "dont"); other punctuation becomes the
/// <see cref="Break"/> token, because a comma or full stop ends the phrase a number or "not" belongs to.
/// </remarks>
internal static class MessageText
{
    /// <summary>The token that stands for punctuation between phrases.</summary>
    public const string Break = ",";

    /// <summary>Tokenizes <paramref name="text"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The tokens: words, numbers and <see cref="Break"/>s (never two in a row, none at the start).</returns>
    public static IReadOnlyList<string> Tokenize(string text)
    {
        var tokens = new List<string>();
        var word = new StringBuilder();
        foreach (var c in text)
        {
            if (char.IsLetterOrDigit(c))
            {
                word.Append(char.ToLowerInvariant(c));
            }
            else if (c is '\'' or '\u2019')
            {
                continue;
            }
            else
            {
                Flush(tokens, word);
                if (IsPhraseBreak(c) && tokens.Count > 0 && tokens[^1] != Break)
                {
                    tokens.Add(Break);
                }
            }
        }

        Flush(tokens, word);
        return tokens;
    }

    private static bool IsPhraseBreak(char c) =>
        !char.IsWhiteSpace(c) && c is not '-' and not '\u2010' and not '\u2011' and not '_' && (char.IsPunctuation(c) || char.IsSymbol(c));

    private static void Flush(List<string> tokens, StringBuilder word)
    {
        if (word.Length > 0)
        {
            tokens.Add(word.ToString().Normalize(NormalizationForm.FormC));
            word.Clear();
        }
    }
}
