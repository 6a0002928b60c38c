using MultimodalSearch.Testing;

namespace MultimodalSearch.Gemini.Tests.Recordings;

/// <summary>
/// Google's recorded Gemini responses in <c>tests/data/gemini-recordings</c> (copied from the SDK test suites;
/// see the README there): every file except the notes.
/// </summary>
public static class GoogleRecordings
{
    private static readonly string[] Notes = ["README.md", "LICENSE", ".gitattributes"];

    /// <summary>Gets the recordings folder.</summary>
    public static string Folder => Path.Combine(TestPaths.RepositoryRoot, "tests", "data", "gemini-recordings");

    /// <summary>Gets every recording, as a path relative to <see cref="Folder"/> with '/' separators.</summary>
    public static IReadOnlyList<string> All { get; } = Directory
        .EnumerateFiles(Folder, "*", SearchOption.AllDirectories)
        .Where(path => !Notes.Contains(Path.GetFileName(path)))
        .Select(path => Path.GetRelativePath(Folder, path).Replace('\\', '/'))
        .Order(StringComparer.Ordinal)
        .ToList();

    /// <summary>Gets <see cref="All"/> as xUnit theory data.</summary>
    public static TheoryData<string> Data => new(All);

    /// <summary>Gets a value indicating whether the recording came from Vertex AI (the others are the Gemini API's).</summary>
    public static bool IsVertexAi(string name) => name.Contains("/vertexai/", StringComparison.Ordinal);

    /// <summary>Reads a recording as text, exactly as stored.</summary>
    public static string Read(string name) => File.ReadAllText(Path.Combine(Folder, name));
}
