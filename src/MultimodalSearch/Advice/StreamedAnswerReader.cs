using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace MultimodalSearch;

/// <summary>
/// Reads the <c>answer</c> string of a <c>{"answer": "..."}</c> reply while it streams in, so that the shopper sees the
/// advice as it is written, decoded (escapes included) and without the JSON around it.
/// </summary>
/// <remarks>Only the text inside the string is returned; whether the whole reply is valid is checked once it is complete.</remarks>
internal sealed partial class StreamedAnswerReader
{
    private readonly StringBuilder _raw = new();
    private int _position = -1;
    private bool _done;

    /// <summary>Gets the whole reply received so far.</summary>
    public string Reply => _raw.ToString();

    /// <summary>Adds a piece of the reply and returns the answer text it completes.</summary>
    /// <param name="chunk">The next piece of the reply.</param>
    /// <returns>The newly decoded answer text; empty when there is none yet.</returns>
    public string Append(string chunk)
    {
        _raw.Append(chunk);
        if (_done)
        {
            return "";
        }

        if (_position < 0)
        {
            var match = AnswerStart().Match(_raw.ToString());
            if (!match.Success)
            {
                return "";
            }

            _position = match.Index + match.Length;
        }

        var text = new StringBuilder();
        while (_position < _raw.Length)
        {
            var c = _raw[_position];
            if (c == '"')
            {
                _done = true;
                break;
            }

            if (c != '\\')
            {
                text.Append(c);
                _position++;
                continue;
            }

            // An escape that has not fully arrived waits for the next piece.
            if (_position + 1 >= _raw.Length)
            {
                break;
            }

            var e = _raw[_position + 1];
            if (e == 'u')
            {
                if (_position + 6 > _raw.Length)
                {
                    break;
                }

                if (int.TryParse(_raw.ToString(_position + 2, 4), NumberStyles.HexNumber, CultureInfo.InvariantCulture, out var code))
                {
                    text.Append((char)code);
                }

                _position += 6;
                continue;
            }

            text.Append(e switch { 'n' => '\n', 't' => '\t', 'r' => '\r', 'b' => '\b', 'f' => '\f', _ => e });
            _position += 2;
        }

        return text.ToString();
    }

    [GeneratedRegex("\"answer\"\\s*:\\s*\"", RegexOptions.CultureInvariant)]
    private static partial Regex AnswerStart();
}
