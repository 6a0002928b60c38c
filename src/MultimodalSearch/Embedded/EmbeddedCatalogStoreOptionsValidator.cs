using Microsoft.Extensions.Options;

namespace MultimodalSearch.Embedded;

/// <summary>Checks <see cref="EmbeddedCatalogStoreOptions"/> at start-up; each message names the configuration key.</summary>
internal sealed class EmbeddedCatalogStoreOptionsValidator : IValidateOptions<EmbeddedCatalogStoreOptions>
{

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
    }
}
