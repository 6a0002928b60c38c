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

    /// <summary>
    /// Gets or sets whether to keep an int8 copy of every item's vectors and scan photo queries with it (AVX-VNNI
    /// integer dot products, about twice the float kernel's rate), default null: on where the CPU has AVX-VNNI
    /// (<c>System.Runtime.Intrinsics.X86.AvxVnni.IsSupported</c>). The copy costs one byte per value plus 34 floats per
    /// item: about +25 % memory for a float32 store, +51 % for float16 (32 x 256 vectors). Results stay exact:
    /// the scan's proven error bound decides which items go on to the float kernel and exact re-scoring. Off, or
    /// where AVX-VNNI is absent (true is then ignored), photo queries scan with the float kernel alone. Text
    /// queries always use the float vectors.
    /// </summary>
    public bool? QuantizedScan { get; set; }

    /// <summary>Gets or sets an override of AVX-VNNI detection, for tests: false acts as a CPU without it, true runs the int8 scan's scalar path where the CPU has none.</summary>
    internal bool? VnniOverride { get; set; }

    /// <summary>Gets whether the store keeps the int8 copy: <see cref="QuantizedScan"/> (default: on) where AVX-VNNI is available.</summary>
    internal bool KeepsQuantizedCopy => (QuantizedScan ?? true) && (VnniOverride ?? System.Runtime.Intrinsics.X86.AvxVnni.IsSupported);
}
