namespace MultimodalSearch.Ingestion;

/// <summary>
/// One product a catalog source found: where its image is and what to store with it, or, when
/// <see cref="Problem"/> is set, a record the source could not read (reported, never indexed).
/// </summary>
public sealed record CatalogSourceEntry
{
    /// <summary>Gets the product id.</summary>
    public required string Id { get; init; }

    /// <summary>Gets the catalog category.</summary>
    public required string Category { get; init; }

    /// <summary>Gets the display name.</summary>
    public string Name { get; init; } = "";

    /// <summary>Gets the image file's full path.</summary>
    public required string ImagePath { get; init; }

    /// <summary>Gets the metadata to store with the item.</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>Gets why the source could not read this record (then it is reported as a failure), or null.</summary>
    public string? Problem { get; init; }

    /// <summary>Creates an entry that reports a problem at <paramref name="location"/>.</summary>
    /// <param name="location">The file (and line) the problem is at.</param>
    /// <param name="problem">What is wrong.</param>
    /// <returns>The entry.</returns>
    public static CatalogSourceEntry Failed(string location, string problem) =>
        new() { Id = "", Category = "", ImagePath = location, Problem = problem };
}
