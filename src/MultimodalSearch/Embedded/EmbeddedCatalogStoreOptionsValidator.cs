using Microsoft.Extensions.Options;

namespace MultimodalSearch.Embedded;

/// <summary>Checks <see cref="EmbeddedCatalogStoreOptions"/> at start-up; each message names the configuration key.</summary>
internal sealed class EmbeddedCatalogStoreOptionsValidator : IValidateOptions<EmbeddedCatalogStoreOptions>
{
    /// <summary>The largest <see cref="EmbeddedCatalogStoreOptions.ApproximateRescoreFactor"/>.</summary>
    public const int MaxRescoreFactor = 1000;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, EmbeddedCatalogStoreOptions options)
    {
        var errors = GetErrors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Lists what is wrong with <paramref name="options"/>.</summary>
    /// <param name="options">The options.</param>
    /// <returns>One message per problem, each starting with the configuration key; empty when the options are valid.</returns>
    public static IEnumerable<string> GetErrors(EmbeddedCatalogStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (string.IsNullOrWhiteSpace(options.Directory))
        {
            yield return "MultimodalSearch:Embedded:Directory is required: the directory the catalog is kept in.";
        }

        if (!Enum.IsDefined(options.VectorPrecision))
        {
            yield return $"MultimodalSearch:Embedded:VectorPrecision must be one of {string.Join(", ", Enum.GetNames<EmbeddedVectorPrecision>())}; got {options.VectorPrecision}.";
        }

        if (options.ApproximateRescoreFactor is < 0 or > MaxRescoreFactor)
        {
            yield return $"MultimodalSearch:Embedded:ApproximateRescoreFactor must be 0 (exact) or a number of times k from 1 to {MaxRescoreFactor}; got {options.ApproximateRescoreFactor}.";
        }

        if (options.ApproximateRescoreFactor > 0 && options.QuantizedScan == false)
        {
            yield return "MultimodalSearch:Embedded:ApproximateRescoreFactor applies to the int8 scan, which MultimodalSearch:Embedded:QuantizedScan turns off: set one or the other.";
        }
    }
}
