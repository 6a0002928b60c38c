namespace MultimodalSearch.Embedded;

/// <summary>
/// Options of the embedded catalog store, bound from the <c>MultimodalSearch:Embedded</c> configuration section.
/// </summary>
public sealed class EmbeddedCatalogStoreOptions
{
    /// <summary>The name of the configuration subsection under <c>MultimodalSearch</c>.</summary>
    public const string SectionName = "Embedded";

    /// <summary>Gets or sets the directory the catalog is persisted to; created when missing. Required.</summary>
    public string Directory { get; set; } = "";

    /// <summary>
    /// Gets or sets how vectors are kept (default <see cref="EmbeddedVectorPrecision.Float32"/>). A store written
    /// with one precision can be opened with the other: its vectors are converted as they load.
    /// </summary>
    public EmbeddedVectorPrecision VectorPrecision { get; set; } = EmbeddedVectorPrecision.Float32;

    /// <summary>
    /// Gets or sets how many threads one search may use on large catalogs; 0 or less means
    /// <see cref="Environment.ProcessorCount"/>.
    /// </summary>
    public int MaxDegreeOfParallelism { get; set; }

    /// <summary>
    /// Gets or sets a value indicating whether to open the catalog for searching only (default false). The store
    /// then loads the last committed state without creating, locking or changing any file, so it opens on a
    /// read-only directory or mount, and beside a process that is writing the catalog (it does not see that
    /// process's later commits). The directory must hold a catalog. Writes throw <see cref="CatalogStoreException"/>.
    /// </summary>
    public bool ReadOnly { get; set; }
}
