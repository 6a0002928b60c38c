using System.Text;
using System.Text.RegularExpressions;

namespace MultimodalSearch;

/// <summary>
/// Takes secrets out of text before it reaches a log line, an exception message or a command's output: known
/// secrets (API keys, access tokens) wherever they occur, and passwords in connection strings and URIs. Redact
/// whole text before cutting it short: a secret cut in half no longer matches.
/// </summary>
public static partial class SecretRedactor
{
    /// <summary>What a secret is replaced with.</summary>
    public const string Mask = "***";

    // Shorter "secrets" would mask ordinary words; no real key or token is this short.
    private const int MinimumSecretLength = 6;

    /// <summary>Replaces every occurrence of each of <paramref name="secrets"/> in <paramref name="text"/> with <see cref="Mask"/>.</summary>
    /// <param name="text">The text.</param>
    /// <param name="secrets">The secrets; null, empty and very short ones (under 6 characters) are ignored.</param>
    /// <returns>The text without the secrets.</returns>
    public static string Redact(string text, params ReadOnlySpan<string?> secrets)
    {
        ArgumentNullException.ThrowIfNull(text);
        foreach (var secret in secrets)
        {
            var trimmed = secret?.Trim();
            if (trimmed is { Length: >= MinimumSecretLength })
            {
                text = text.Replace(trimmed, Mask, StringComparison.Ordinal);
            }
        }

        return text;
    }

    /// <summary>
    /// Masks the passwords in <paramref name="text"/>, a connection string or text holding one: the value of every
    /// keyword that names a password (Npgsql's <c>Password</c> and its aliases <c>PWD</c> and <c>PSW</c>,
    /// <c>SSL Password</c>, and any keyword containing "password", "passwd" or "pwd", in any case) and the password in a URI's
    /// user info (<c>postgres://user:secret@host</c>). Text that does not parse is masked from the keyword to its end.
    /// </summary>
    /// <param name="text">The text.</param>
    /// <returns>The text with every password replaced by <see cref="Mask"/>.</returns>
    public static string RedactConnectionString(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        text = UriPassword().Replace(text, "$1" + Mask + "@");
        var result = new StringBuilder(text.Length);
        var position = 0;
        while (position < text.Length)
        {
            var equals = text.IndexOf('=', position);
            var separator = text.IndexOf(';', position);
            if (equals < 0 || (separator >= 0 && separator < equals))
            {
                // A segment without a value.
                var end = separator < 0 ? text.Length : separator + 1;
                result.Append(text, position, end - position);
                position = end;
                continue;
            }

            var key = text[position..equals];
            result.Append(text, position, equals + 1 - position);
            var valueEnd = ValueEnd(text, equals + 1);
            result.Append(IsPasswordKeyword(key) ? Mask : text[(equals + 1)..valueEnd]);
            position = valueEnd;
        }

        return result.ToString();
    }

    private static bool IsPasswordKeyword(string key)
    {
        // By word ("SSL Password", "postgress:Pwd"); a mistyped keyword ("Passwrod") still holds the password, so any
        // word starting "pass" counts, except the pass file's path.
        var words = key.ToLowerInvariant().Split((char[])[' ', '\t', ':', '_', '-', '.'], StringSplitOptions.RemoveEmptyEntries);
        return words.Any(word => word.Contains("pwd", StringComparison.Ordinal) || word.Contains("psw", StringComparison.Ordinal)
            || word.Contains("password", StringComparison.Ordinal) || (word.StartsWith("pass", StringComparison.Ordinal) && word != "passfile"));
    }

    /// <summary>Where the value starting at <paramref name="start"/> ends: its closing quote, else the next ';', else the end.</summary>
    private static int ValueEnd(string text, int start)
    {
        var first = start;
        while (first < text.Length && char.IsWhiteSpace(text[first]))
        {
            first++;
        }

        if (first < text.Length && text[first] is '"' or '\'')
        {
            var quote = text[first];
            for (var i = first + 1; i < text.Length; i++)
            {
                if (text[i] != quote)
                {
                    continue;
                }

                if (i + 1 < text.Length && text[i + 1] == quote)
                {
                    i++; // a doubled quote stands for one
                    continue;
                }

                var afterQuote = text.IndexOf(';', i + 1);
                return afterQuote < 0 ? text.Length : afterQuote;
            }

            // No closing quote: the value may hold any ';', so all the rest is taken for it.
            return text.Length;
        }

        var separator = text.IndexOf(';', start);
        return separator < 0 ? text.Length : separator;
    }

    [GeneratedRegex(@"(\b[A-Za-z][A-Za-z0-9+.\-]*://[^:/?#@\s]*:)[^@\s]*@", RegexOptions.CultureInvariant)]
    private static partial Regex UriPassword();
}
