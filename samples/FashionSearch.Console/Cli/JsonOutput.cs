using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace FashionSearch.Console.Cli;

/// <summary>Writes the CLI contract's JSON documents to stdout.</summary>
internal static class JsonOutput
{
    public static JsonSerializerOptions Options { get; } = new(JsonSerializerDefaults.Web)
    {
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    };

    public static async Task WriteAsync<T>(T value, CancellationToken cancellationToken)
    {
        await using var stdout = System.Console.OpenStandardOutput();
        await JsonSerializer.SerializeAsync(stdout, value, Options, cancellationToken).ConfigureAwait(false);
        stdout.WriteByte((byte)'\n');
    }
}
