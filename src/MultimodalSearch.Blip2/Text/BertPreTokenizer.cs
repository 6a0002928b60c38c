using System.Text;

namespace MultimodalSearch.Blip2.Text;

/// <summary>
/// The tokenizers crate's <c>BertPreTokenizer</c> over normalised text: words are split at whitespace (which
/// is dropped) and every punctuation character (see <see cref="BertCharacterClasses.IsPunctuation"/>) becomes
/// a word of its own.
/// </summary>
internal ref struct BertPreTokenizer
{
    private readonly ReadOnlySpan<char> _text;
    private int _position;

    /// <summary>Initialises a pre-tokenizer over text that <see cref="BertTextNormalizer"/> produced.</summary>
    public BertPreTokenizer(ReadOnlySpan<char> text) => _text = text;

    /// <summary>Reads the next word; returns <see langword="false"/> at the end of the text.</summary>
    public bool TryReadWord(out ReadOnlySpan<char> word)
    {
        var length = 0;
        while (_position < _text.Length)
        {
            var kind = Classify(_text[_position..], out var runeLength);
            if (kind == CharacterKind.Letter)
            {
                // Part of the word: letters, digits, symbols, marks... everything else.
                length += runeLength;
                _position += runeLength;
                continue;
            }

            if (length > 0)
            {
                // The whitespace or punctuation ends the word; a punctuation character is read next time.
                break;
            }

            _position += runeLength;
            if (kind == CharacterKind.Punctuation)
            {
                word = _text.Slice(_position - runeLength, runeLength);
                return true;
            }
        }

        word = _text.Slice(_position - length, length);
        return length > 0;
    }

    private enum CharacterKind
    {
        Letter,
        Whitespace,
        Punctuation,
    }

    private static CharacterKind Classify(ReadOnlySpan<char> text, out int length)
    {
        var c = text[0];
        length = 1;
        if (c < 0x80)
        {
            return char.IsAsciiLetterOrDigit(c) ? CharacterKind.Letter
                : c == ' ' || c is >= '\t' and <= '\r' ? CharacterKind.Whitespace
                : BertCharacterClasses.IsPunctuation(new Rune(c)) ? CharacterKind.Punctuation
                : CharacterKind.Letter;
        }

        if (Rune.DecodeFromUtf16(text, out var rune, out length) != System.Buffers.OperationStatus.Done)
        {
            return CharacterKind.Letter;
        }

        return BertCharacterClasses.IsWhitespace(rune) ? CharacterKind.Whitespace
            : BertCharacterClasses.IsPunctuation(rune) ? CharacterKind.Punctuation
            : CharacterKind.Letter;
    }
}
