using System.Collections.Frozen;
using System.Globalization;

namespace MultimodalSearch;

/// <summary>Finds numbers in a tokenized message: digits, number words ("three", "twenty five"), "a couple", "a dozen".</summary>
internal static class NumberWords
{
    private static readonly FrozenDictionary<string, int> Units = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["one"] = 1, ["two"] = 2, ["three"] = 3, ["four"] = 4, ["five"] = 5, ["six"] = 6, ["seven"] = 7, ["eight"] = 8, ["nine"] = 9,
        ["ten"] = 10, ["eleven"] = 11, ["twelve"] = 12, ["thirteen"] = 13, ["fourteen"] = 14, ["fifteen"] = 15, ["sixteen"] = 16,
        ["seventeen"] = 17, ["eighteen"] = 18, ["nineteen"] = 19, ["zero"] = 0,
        ["single"] = 1, ["couple"] = 2, ["both"] = 2, ["dozen"] = 12, ["hundred"] = 100, ["thousand"] = 1000, ["million"] = 1_000_000,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    private static readonly FrozenDictionary<string, int> Tens = new Dictionary<string, int>(StringComparer.Ordinal)
    {
        ["twenty"] = 20, ["thirty"] = 30, ["forty"] = 40, ["fifty"] = 50, ["sixty"] = 60, ["seventy"] = 70, ["eighty"] = 80, ["ninety"] = 90,
    }.ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>Finds every number, with the index of its last token.</summary>
    /// <param name="tokens">The tokens.</param>
    /// <returns>For each token index, the number that ends there (or null).</returns>
    public static long?[] Find(IReadOnlyList<string> tokens)
    {
        var numbers = new long?[tokens.Count];
        for (var i = 0; i < tokens.Count; i++)
        {
            var token = tokens[i];
            if (token.All(char.IsAsciiDigit))
            {
                // Absurd digit strings are still "a big number", which the caller caps.
                numbers[i] = long.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : long.MaxValue;
            }
            else if (Tens.TryGetValue(token, out var tens))
            {
                if (i + 1 < tokens.Count && Units.TryGetValue(tokens[i + 1], out var unit) && unit is > 0 and < 10)
                {
                    numbers[i + 1] = tens + unit;
                    i++;
                }
                else
                {
                    numbers[i] = tens;
                }
            }
            else if (Units.TryGetValue(token, out var unit))
            {
                // "two hundred", "three dozen": a multiplier after a number multiplies it.
                numbers[i] = i > 0 && numbers[i - 1] is { } before && unit >= 12 && before > 0 ? checked(Math.Min(before, int.MaxValue) * unit) : unit;
                if (i > 0 && numbers[i - 1] is not null && unit >= 12)
                {
                    numbers[i - 1] = null;
                }
            }
        }

        return numbers;
    }
}
