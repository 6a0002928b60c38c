using Microsoft.Extensions.VectorData;
using Microsoft.Extensions.Options;

namespace MultimodalSearch.VectorData;

/// <summary>Checks <see cref="VectorDataCatalogOptions"/> at start-up; each message names the configuration key.</summary>
internal sealed class VectorDataCatalogOptionsValidator : IValidateOptions<VectorDataCatalogOptions>
{
    private static readonly string[] RankingDistanceFunctions =
    [
        Microsoft.Extensions.VectorData.DistanceFunction.DotProductSimilarity,
        Microsoft.Extensions.VectorData.DistanceFunction.NegativeDotProductSimilarity,
        Microsoft.Extensions.VectorData.DistanceFunction.CosineSimilarity,
        Microsoft.Extensions.VectorData.DistanceFunction.CosineDistance,
        Microsoft.Extensions.VectorData.DistanceFunction.EuclideanDistance,
        Microsoft.Extensions.VectorData.DistanceFunction.EuclideanSquaredDistance,
    ];

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, VectorDataCatalogOptions options)
    {
        var errors = GetErrors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Lists what is wrong with <paramref name="options"/>.</summary>
    /// <param name="options">The options.</param>
    /// <returns>One message per problem, each starting with the configuration key; empty when the options are valid.</returns>
    public static IEnumerable<string> GetErrors(VectorDataCatalogOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return Errors(options);
    }

    /// <summary>Throws when the options are invalid (for stores created without dependency injection).</summary>
    /// <param name="options">The options.</param>
    /// <exception cref="ArgumentException">The options are invalid; the message lists every problem.</exception>
    public static void ThrowIfInvalid(VectorDataCatalogOptions options) => OptionsErrors.ThrowIfAny(GetErrors(options), nameof(options));

    private static IEnumerable<string> Errors(VectorDataCatalogOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.CollectionName))
        {
            yield return "MultimodalSearch:VectorData:CollectionName is required.";
        }

        if (options.Dimensions is < 1 or > 16_000)
        {
            yield return $"MultimodalSearch:VectorData:Dimensions must be between 1 and 16000; got {options.Dimensions}.";
        }

        if (!RankingDistanceFunctions.Contains(options.DistanceFunction, StringComparer.Ordinal))
        {
            yield return $"MultimodalSearch:VectorData:DistanceFunction must be one of {string.Join(", ", RankingDistanceFunctions)} (functions that rank normalised vectors by their dot product); got '{options.DistanceFunction}'.";
        }

        if (string.IsNullOrWhiteSpace(options.IndexKind))
        {
            yield return "MultimodalSearch:VectorData:IndexKind is required (for example Hnsw or Flat).";
        }

        if (options.CandidateMultiplier is < 1 or > 100)
        {
            yield return $"MultimodalSearch:VectorData:CandidateMultiplier must be between 1 and 100; got {options.CandidateMultiplier}.";
        }

        if (options.MinImageCandidates is < 1 or > 10_000)
        {
            yield return $"MultimodalSearch:VectorData:MinImageCandidates must be between 1 and 10000; got {options.MinImageCandidates}.";
        }

        if (options.PageSize is < 1 or > 100_000)
        {
            yield return $"MultimodalSearch:VectorData:PageSize must be between 1 and 100000; got {options.PageSize}.";
        }
    }
}
