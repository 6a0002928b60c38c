using System.Globalization;
using MultimodalSearch.Embedded;

namespace MultimodalSearch.Benchmarks.Embedded;

/// <summary>One catalog of <see cref="EmbeddedPhotoSearchBenchmarks"/>: its size and precision.</summary>
/// <param name="Items">The number of items (32 vectors x 256 each).</param>
/// <param name="Precision">How the store keeps vectors.</param>
public sealed record PhotoSearchCatalog(int Items, EmbeddedVectorPrecision Precision)
{
    /// <summary>Reads <c>MULTIMODALSEARCH_BENCH_PHOTO_CATALOGS</c> (for instance <c>10000:Float32,200000:Float16</c>), or the default sizes.</summary>
    /// <returns>The catalogs to run.</returns>
    public static IEnumerable<PhotoSearchCatalog> FromEnvironment()
    {
        var spec = Environment.GetEnvironmentVariable("MULTIMODALSEARCH_BENCH_PHOTO_CATALOGS");
        if (string.IsNullOrWhiteSpace(spec))
        {
            return [new(10_000, EmbeddedVectorPrecision.Float32), new(50_000, EmbeddedVectorPrecision.Float32), new(50_000, EmbeddedVectorPrecision.Float16)];
        }

        return spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(part =>
        {
            var pieces = part.Split(':');
            return new PhotoSearchCatalog(int.Parse(pieces[0], CultureInfo.InvariantCulture), Enum.Parse<EmbeddedVectorPrecision>(pieces[1]));
        }).ToList();
    }

    /// <inheritdoc/>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Items}/{Precision}");
}
