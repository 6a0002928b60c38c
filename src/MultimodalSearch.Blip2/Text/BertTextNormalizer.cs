using System.Text;

namespace MultimodalSearch.Blip2.Text;

/// <summary>
/// The tokenizers crate's <c>BertNormalizer</c> as bert-base-uncased configures it, without ICU: cleaning (see
/// <see cref="BertCharacterClasses.IsRemovedByCleaning"/>; whitespace becomes a space), spaces around CJK
/// ideographs, accent stripping (NFD, then non-spacing marks dropped) and lower-casing, in that order.
/// </summary>
/// <remarks>
/// Every step maps one character at a time, so the normaliser does too, writing into a caller's buffer of at
/// least <see cref="MaxOutputLength"/> characters. It runs without ICU so that applications using
/// <c>InvariantGlobalization</c> get the same tokens (<see cref="string.Normalize()"/> does nothing there).
/// </remarks>
internal static class BertTextNormalizer
{
    /// <summary>The most UTF-16 characters one UTF-16 character becomes: 4, for a compatibility ideograph such as U+FA6C, whose decomposition lies outside the BMP, with its two spaces.</summary>
    public const int MaxExpansion = 4;

    /// <summary>Gets the length of a buffer that holds any normalised form of a text of <paramref name="length"/> characters.</summary>
    public static int MaxOutputLength(int length) => checked(length * MaxExpansion);

    /// <summary>Normalises <paramref name="text"/> into <paramref name="destination"/> and returns the length written.</summary>
    public static int Normalize(ReadOnlySpan<char> text, Span<char> destination)
    {
        var written = 0;
        for (var i = 0; i < text.Length;)
        {
            var c = text[i];
            if (c < 0x80)
            {
                written += NormalizeAscii(c, destination[written..]);
                i++;
                continue;
            }

            if (Rune.DecodeFromUtf16(text[i..], out var rune, out var consumed) != System.Buffers.OperationStatus.Done)
            {
                // A lone surrogate is a code point of category Cs: cleaning removes it.
                i++;
                continue;
            }

            written += NormalizeRune(rune, destination[written..]);
            i += consumed;
        }

        return written;
    }

    /// <summary>Normalises a whole text (for tests and tools; the tokenizer uses the span overload).</summary>
    public static string Normalize(string text)
    {
        var buffer = new char[MaxOutputLength(text.Length)];
        return new string(buffer, 0, Normalize(text, buffer));
    }

    /// <summary>Normalises one character into <paramref name="destination"/> and returns the length written.</summary>
    public static int NormalizeRune(Rune rune, Span<char> destination)
    {
        if (rune.IsAscii)
        {
            return NormalizeAscii((char)rune.Value, destination);
        }

        if (BertCharacterClasses.IsRemovedByCleaning(rune))
        {
            return 0;
        }

        if (BertCharacterClasses.IsWhitespace(rune))
        {
            destination[0] = ' ';
            return 1;
        }

        if (!BertCharacterClasses.IsCjkIdeograph(rune))
        {
            return StripAndLower(rune, destination);
        }

        destination[0] = ' ';
        var length = 1 + StripAndLower(rune, destination[1..]);
        destination[length] = ' ';
        return length + 1;
    }

    private static int NormalizeAscii(char c, Span<char> destination)
    {
        switch (c)
        {
            case '\t' or '\n' or '\r' or ' ':
                destination[0] = ' ';
                return 1;
            case < ' ' or '\x7F':
                return 0;
            default:
                destination[0] = char.IsAsciiLetterUpper(c) ? (char)(c | 0x20) : c;
                return 1;
        }
    }

    private static int StripAndLower(Rune rune, Span<char> destination)
    {
        // Accents are stripped before lower-casing, as the crate does: 'İ' becomes 'I', then 'i'.
        var length = BertAccentTable.WriteStripped(rune, destination);
        for (var i = 0; i < length;)
        {
            Rune.DecodeFromUtf16(destination[i..length], out var stripped, out var consumed);
            i += Rune.ToLowerInvariant(stripped).EncodeToUtf16(destination[i..]);
        }

        return length;
    }
}
