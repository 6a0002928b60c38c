using Xunit;

namespace MultimodalSearch.Testing;

/// <summary>Checks that a secret left no trace in text: not whole, and not cut in pieces either.</summary>
public static class SecretAssert
{
    /// <summary>Fails when any 8 characters in a row of <paramref name="secret"/> (all of it when shorter) appear in <paramref name="text"/>.</summary>
    /// <param name="secret">The secret.</param>
    /// <param name="text">The text (output, log lines, an exception).</param>
    public static void NoFragment(string secret, string text)
    {
        var length = Math.Min(8, secret.Length);
        for (var i = 0; i + length <= secret.Length; i++)
        {
            Assert.DoesNotContain(secret.Substring(i, length), text, StringComparison.Ordinal);
        }
    }
}
