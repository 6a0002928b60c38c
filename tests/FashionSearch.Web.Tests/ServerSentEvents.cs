using System.Text.Json;

namespace FashionSearch.Web.Tests;

/// <summary>Reads a text/event-stream response into (event, data) pairs.</summary>
internal static class ServerSentEvents
{
    public static async IAsyncEnumerable<(string Event, JsonElement Data)> ReadAsync(Stream stream)
    {
        using var reader = new StreamReader(stream);
        var name = "message";
        var data = new List<string>();
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line.Length == 0)
            {
                if (data.Count > 0)
                {
                    using var json = JsonDocument.Parse(string.Join("\n", data));
                    yield return (name, json.RootElement.Clone());
                }

                name = "message";
                data.Clear();
            }
            else if (line.StartsWith("event:", StringComparison.Ordinal))
            {
                name = line[6..].Trim();
            }
            else if (line.StartsWith("data:", StringComparison.Ordinal))
            {
                data.Add(line[5..].TrimStart());
            }
        }
    }
}
