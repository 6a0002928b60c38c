using Microsoft.Extensions.Options;

namespace MultimodalSearch.Ingestion;

/// <summary>Checks <see cref="IngestionOptions"/> at start-up; each message names the configuration key.</summary>
internal sealed class IngestionOptionsValidator : IValidateOptions<IngestionOptions>
{
    private const string Section = "MultimodalSearch:" + IngestionOptions.SectionName;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, IngestionOptions options)
    {
        var errors = GetErrors(options).ToList();
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Lists what is wrong with <paramref name="options"/>.</summary>
    /// <param name="options">The options.</param>
    /// <returns>One message per problem, each starting with the configuration key; empty when the options are valid.</returns>
    public static IEnumerable<string> GetErrors(IngestionOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new[]
        {
            Range(nameof(IngestionOptions.BatchSize), options.BatchSize, 1, 4096),
            Range(nameof(IngestionOptions.EmbeddingBatchSize), options.EmbeddingBatchSize, 1, 4096),
            Range(nameof(IngestionOptions.EmbeddingConcurrency), options.EmbeddingConcurrency, 1, 256),
            Range(nameof(IngestionOptions.PreprocessingParallelism), options.PreprocessingParallelism, 1, 4096),
            Range(nameof(IngestionOptions.QueueCapacity), options.QueueCapacity, 1, 65536),
            Range(nameof(IngestionOptions.MaxImageBytes), options.MaxImageBytes, 1, Array.MaxLength),
        }.OfType<string>();
    }

    private static string? Range(string key, long value, long min, long max) =>
        value < min || value > max ? $"{Section}:{key} must be between {min} and {max}; got {value}." : null;
}
