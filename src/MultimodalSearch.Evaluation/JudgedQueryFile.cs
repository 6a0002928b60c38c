using System.Text;
using System.Text.Json;

namespace MultimodalSearch.Evaluation;

/// <summary>
/// Reads judged queries from a JSON Lines file: one JSON object per line, blank lines ignored (see
/// docs/evaluation.md). Properties: <c>id</c> (optional; default <c>line N</c>), <c>text</c>, <c>image</c>
/// (a photo file, relative to the file's folder), <c>imageId</c> (a catalog item as the photo),
/// <c>categories</c> (an array), <c>relevant</c> (an array of ids, each grade 1, or an object of id to
/// grade) and <c>exclude</c> (an array of ids).
/// </summary>
/// <example>
/// <code>
/// {"id": "red-tee", "text": "a red t-shirt", "relevant": ["10041", "10042"]}
/// {"image": "photos/jacket.jpg", "text": "in green", "categories": ["jacket"], "relevant": {"10201": 2, "10202": 1}}
/// </code>
/// </example>
public static class JudgedQueryFile
{
    private static readonly string[] KnownProperties = ["id", "text", "image", "imageId", "categories", "relevant", "exclude"];

    /// <summary>Reads the queries of the file at <paramref name="path"/>.</summary>
    /// <param name="path">The file.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The queries, in file order.</returns>
    /// <exception cref="FileNotFoundException">The file does not exist.</exception>
    /// <exception cref="InvalidDataException">A line is not a valid judged query; the message names the file and line.</exception>
    public static async Task<IReadOnlyList<JudgedQuery>> LoadAsync(string path, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        var fullPath = Path.GetFullPath(path);
        if (!File.Exists(fullPath))
        {
            throw new FileNotFoundException($"The query file '{fullPath}' does not exist.", fullPath);
        }

        using var reader = new StreamReader(fullPath, Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return await ReadAsync(reader, fullPath, Path.GetDirectoryName(fullPath)!, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Reads queries from <paramref name="reader"/>.</summary>
    /// <param name="reader">The JSON Lines text.</param>
    /// <param name="sourceName">The name used in errors (a path).</param>
    /// <param name="baseDirectory">The folder that relative <c>image</c> paths start from.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The queries, in order.</returns>
    /// <exception cref="InvalidDataException">A line is not a valid judged query; the message names the source and line.</exception>
    public static async Task<IReadOnlyList<JudgedQuery>> ReadAsync(TextReader reader, string sourceName, string baseDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentException.ThrowIfNullOrEmpty(sourceName);
        ArgumentException.ThrowIfNullOrEmpty(baseDirectory);
        var queries = new List<JudgedQuery>();
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var number = 0;
        while (await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                var query = ParseLine(line, number, baseDirectory);
                query.Validate();
                if (!lines.TryAdd(query.Id, number))
                {
                    throw new InvalidDataException($"the id '{query.Id}' is already used on line {lines[query.Id]}");
                }

                queries.Add(query);
            }
            catch (Exception ex) when (ex is JsonException or InvalidDataException or ArgumentException)
            {
                throw new InvalidDataException($"{sourceName}:{number}: {Reason(ex)}", ex);
            }
        }

        if (queries.Count == 0)
        {
            throw new InvalidDataException($"{sourceName} has no queries.");
        }

        return queries;
    }

    private static JudgedQuery ParseLine(string line, int number, string baseDirectory)
    {
        using var document = JsonDocument.Parse(line);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidDataException($"expected a JSON object, got {root.ValueKind}");
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!KnownProperties.Contains(property.Name, StringComparer.Ordinal))
            {
                throw new InvalidDataException($"unknown property '{property.Name}'; the properties are {string.Join(", ", KnownProperties)}");
            }
        }

        var image = OptionalString(root, "image");
        return new JudgedQuery
        {
            Id = OptionalString(root, "id") ?? $"line {number}",
            Text = OptionalString(root, "text"),
            ImagePath = image is null ? null : ResolveImage(image, baseDirectory),
            ImageItemId = OptionalString(root, "imageId"),
            Categories = OptionalStrings(root, "categories"),
            Relevance = ReadRelevance(root),
            Exclude = OptionalStrings(root, "exclude") ?? [],
        };
    }

    private static string ResolveImage(string image, string baseDirectory)
    {
        var path = Path.GetFullPath(Path.Combine(baseDirectory, image));
        return File.Exists(path) ? path : throw new InvalidDataException($"the image '{image}' does not exist (looked for {path})");
    }

    private static Dictionary<string, int> ReadRelevance(JsonElement root)
    {
        if (!root.TryGetProperty("relevant", out var relevant))
        {
            throw new InvalidDataException("'relevant' is missing: list the relevant ids, or give an object of id to grade");
        }

        var grades = new Dictionary<string, int>(StringComparer.Ordinal);
        switch (relevant.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var id in Strings(relevant, "relevant"))
                {
                    if (!grades.TryAdd(id, 1))
                    {
                        throw new InvalidDataException($"'relevant' lists '{id}' twice");
                    }
                }

                break;
            case JsonValueKind.Object:
                foreach (var entry in relevant.EnumerateObject())
                {
                    if (entry.Value.ValueKind != JsonValueKind.Number || !entry.Value.TryGetInt32(out var grade) || grade < 0)
                    {
                        throw new InvalidDataException($"the grade of '{entry.Name}' in 'relevant' must be a whole number, 0 or more; got {entry.Value.GetRawText()}");
                    }

                    if (!grades.TryAdd(entry.Name, grade))
                    {
                        throw new InvalidDataException($"'relevant' grades '{entry.Name}' twice");
                    }
                }

                break;
            default:
                throw new InvalidDataException($"'relevant' must be an array of ids or an object of id to grade; got {relevant.ValueKind}");
        }

        return grades;
    }

    private static string? OptionalString(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : throw new InvalidDataException($"'{name}' must be a string; got {value.ValueKind}");
    }

    private static string[]? OptionalStrings(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? [.. Strings(value, name)] : null;

    private static IEnumerable<string> Strings(JsonElement array, string name)
    {
        if (array.ValueKind != JsonValueKind.Array)
        {
            throw new InvalidDataException($"'{name}' must be an array of strings; got {array.ValueKind}");
        }

        foreach (var item in array.EnumerateArray())
        {
            yield return item.ValueKind == JsonValueKind.String && item.GetString() is { Length: > 0 } value
                ? value
                : throw new InvalidDataException($"'{name}' must hold non-empty strings; got {item.GetRawText()}");
        }
    }

    private static string Reason(Exception ex) => ex is JsonException json ? $"not valid JSON ({json.Message})" : ex.Message;
}
