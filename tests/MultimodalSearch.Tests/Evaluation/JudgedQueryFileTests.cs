using MultimodalSearch.Evaluation;

namespace MultimodalSearch.Tests.Evaluation;

public sealed class JudgedQueryFileTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("judged-queries-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Every_property_is_read_and_relative_image_paths_start_at_the_file()
    {
        Directory.CreateDirectory(Path.Combine(_folder, "photos"));
        var photo = Path.Combine(_folder, "photos", "red.jpg");
        await File.WriteAllBytesAsync(photo, [1, 2, 3]);
        var path = await WriteAsync(
            """{"id": "red-tee", "text": "a red t-shirt", "relevant": ["10041", "10042"]}""",
            "",
            """{"image": "photos/red.jpg", "text": "in green", "categories": ["jacket"], "relevant": {"10201": 2, "10202": 1, "10203": 0}, "exclude": ["10204"]}""",
            """{"id": "photo-item", "imageId": "10001", "relevant": ["10002"]}""");

        var queries = await JudgedQueryFile.LoadAsync(path);

        Assert.Equal(3, queries.Count);
        Assert.Equal("red-tee", queries[0].Id);
        Assert.Equal(QueryKind.Text, queries[0].Kind);
        Assert.Equal(new Dictionary<string, int> { ["10041"] = 1, ["10042"] = 1 }, queries[0].Relevance);
        Assert.Equal("line 3", queries[1].Id);
        Assert.Equal(QueryKind.PhotoAndText, queries[1].Kind);
        Assert.Equal(photo, queries[1].ImagePath);
        Assert.Equal(["jacket"], queries[1].Categories!);
        Assert.Equal(new Dictionary<string, int> { ["10201"] = 2, ["10202"] = 1, ["10203"] = 0 }, queries[1].Relevance);
        Assert.Equal(["10204"], queries[1].Exclude);
        Assert.Equal(QueryKind.Photo, queries[2].Kind);
        Assert.Equal("10001", queries[2].ImageItemId);
    }

    [Theory]
    [InlineData("""{"text": "a", "relevant": ["1"]""", "not valid JSON")]
    [InlineData("""["a"]""", "expected a JSON object")]
    [InlineData("""{"text": "a", "relevent": ["1"]}""", "unknown property 'relevent'")]
    [InlineData("""{"text": "a"}""", "'relevant' is missing")]
    [InlineData("""{"relevant": ["1"]}""", "neither a text nor a photo")]
    [InlineData("""{"text": "  ", "relevant": ["1"]}""", "empty text")]
    [InlineData("""{"text": "a", "relevant": []}""", "no item relevant")]
    [InlineData("""{"text": "a", "relevant": {"1": 0}}""", "no item relevant")]
    [InlineData("""{"text": "a", "relevant": {"1": -2}}""", "0 or more")]
    [InlineData("""{"text": "a", "relevant": {"1": 1.5}}""", "whole number")]
    [InlineData("""{"text": "a", "relevant": ["1", "1"]}""", "lists '1' twice")]
    [InlineData("""{"text": "a", "relevant": [1]}""", "non-empty strings")]
    [InlineData("""{"text": 7, "relevant": ["1"]}""", "'text' must be a string")]
    [InlineData("""{"text": "a", "categories": "shirt", "relevant": ["1"]}""", "'categories' must be an array")]
    [InlineData("""{"image": "missing.jpg", "relevant": ["2"]}""", "the image 'missing.jpg' does not exist")]
    [InlineData("""{"imageId": "1", "relevant": ["2"], "exclude": ["2"]}""", "also leaves it out")]
    public async Task A_bad_line_is_refused_with_the_file_the_line_number_and_the_reason(string line, string reason)
    {
        var path = await WriteAsync("""{"text": "fine", "relevant": ["1"]}""", line);

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => JudgedQueryFile.LoadAsync(path));

        Assert.StartsWith($"{path}:2: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains(reason, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_photo_file_and_a_photo_item_together_are_refused()
    {
        await File.WriteAllBytesAsync(Path.Combine(_folder, "x.jpg"), [1]);
        var path = await WriteAsync("""{"imageId": "1", "image": "x.jpg", "relevant": ["2"]}""");

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => JudgedQueryFile.LoadAsync(path));

        Assert.Contains(":1: ", ex.Message, StringComparison.Ordinal);
        Assert.Contains("both a photo file and a catalog item", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_repeated_id_names_both_lines()
    {
        var path = await WriteAsync("""{"id": "q", "text": "a", "relevant": ["1"]}""", """{"id": "q", "text": "b", "relevant": ["1"]}""");

        var ex = await Assert.ThrowsAsync<InvalidDataException>(() => JudgedQueryFile.LoadAsync(path));

        Assert.Equal($"{path}:2: the id 'q' is already used on line 1", ex.Message);
    }

    [Fact]
    public async Task An_empty_file_and_a_missing_file_are_refused()
    {
        var empty = await WriteAsync("", "   ");

        Assert.Contains("has no queries", (await Assert.ThrowsAsync<InvalidDataException>(() => JudgedQueryFile.LoadAsync(empty))).Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<FileNotFoundException>(() => JudgedQueryFile.LoadAsync(Path.Combine(_folder, "none.jsonl")));
    }

    private async Task<string> WriteAsync(params string[] lines)
    {
        var path = Path.Combine(_folder, $"queries-{Guid.NewGuid():N}.jsonl");
        await File.WriteAllLinesAsync(path, lines);
        return path;
    }
}
