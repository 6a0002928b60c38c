using MultimodalSearch.Testing;

namespace MultimodalSearch.Blip2.Tests.Text;

/// <summary>
/// The demo model's vocab.txt read by the tests themselves (the line number is the id), so that expected ids are
/// looked up in the file rather than taken from the tokenizer under test.
/// </summary>
internal static class VocabularyFile
{
    public static string DemoPath => Path.Combine(TestPaths.DemoModel, "vocab.txt");

    private static readonly Lazy<Dictionary<string, int>> Demo = new(() =>
        File.ReadLines(DemoPath).Select((token, id) => (token, id)).ToDictionary(entry => entry.token, entry => entry.id));

    /// <summary>The ids of [CLS], the space-separated <paramref name="tokens"/> and [SEP].</summary>
    public static int[] Ids(string tokens) =>
        new[] { "[CLS]" }.Concat(tokens.Split(' ', StringSplitOptions.RemoveEmptyEntries)).Append("[SEP]")
            .Select(token => Demo.Value.TryGetValue(token, out var id) ? id : throw new KeyNotFoundException($"'{token}' is not in vocab.txt"))
            .ToArray();

    public static bool Contains(string token) => Demo.Value.ContainsKey(token);
}
