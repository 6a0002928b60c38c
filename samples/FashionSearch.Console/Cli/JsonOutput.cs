using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FashionSearch.Console.Cli;

/// <summary>
/// Writes the CLI contract's JSON documents to stdout, each whole: a document is serialised in memory first, so a
/// failure half-way leaves nothing on stdout (a JSON Lines reader never sees half an object).
/// </summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static Task WriteAsync<T>(CliConsole console, T value, CancellationToken cancellationToken) =>
        WriteLineAsync(console, JsonSerializer.Serialize(value, Options), cancellationToken);

    /// <summary>Writes one complete JSON document and its newline in one write.</summary>
    public static async Task WriteLineAsync(CliConsole console, string json, CancellationToken cancellationToken)
    {
        await console.Out.WriteAsync((json + "\n").AsMemory(), cancellationToken).ConfigureAwait(false);
        await console.Out.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
