using Microsoft.Extensions.Options;

namespace MultimodalSearch.Blip2;

/// <summary>Checks <see cref="Blip2EmbedderOptions"/> at start-up; each message names the configuration key.</summary>
internal sealed class Blip2EmbedderOptionsValidator : IValidateOptions<Blip2EmbedderOptions>
{
    private const string Section = "MultimodalSearch:" + Blip2EmbedderOptions.SectionName;
    private const string ModelFiles = "it must name a BLIP-2 model directory (vision.onnx, text.onnx, vocab.txt, preprocessor_config.json)";

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, Blip2EmbedderOptions options)
    {
        var errors = GetErrors(options);
        return errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors);
    }

    /// <summary>Lists what is wrong with <paramref name="options"/>, including a model directory that does not exist.</summary>
    /// <param name="options">The options.</param>
    /// <returns>One message per problem, each starting with the configuration key; empty when the options are valid.</returns>
    public static List<string> GetErrors(Blip2EmbedderOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = new List<string>();
        if (string.IsNullOrWhiteSpace(options.ModelDirectory))
        {
            errors.Add($"{Section}:ModelDirectory is not set; {ModelFiles}.");
        }
        else if (!Directory.Exists(options.ModelDirectory))
        {
            errors.Add($"{Section}:ModelDirectory '{Path.GetFullPath(options.ModelDirectory)}' does not exist; {ModelFiles}.");
        }

        Range(errors, nameof(options.MaxBatchSize), options.MaxBatchSize, 1, 4096);
        Range(errors, nameof(options.IntraOpThreads), options.IntraOpThreads, 0, 1024);
        Range(errors, nameof(options.MaxConcurrentInferences), options.MaxConcurrentInferences, 0, 1024);
        Range(errors, nameof(options.CudaDeviceId), options.CudaDeviceId, 0, 64);
        Range(errors, nameof(options.MaxTextTokens), options.MaxTextTokens, 0, 8192);
        if (options.Image is null)
        {
            errors.Add($"{Section}:Image must be set.");
        }
        else if (options.Image.MaxPixels < 1)
        {
            errors.Add($"{Section}:Image:MaxPixels must be at least 1; got {options.Image.MaxPixels}.");
        }

        if (options.Image is { DecodeBudgetPixels: < 0 })
        {
            errors.Add($"{Section}:Image:DecodeBudgetPixels must be 0 (twice MaxPixels) or more; got {options.Image.DecodeBudgetPixels}.");
        }

        return errors;
    }

    private static void Range(List<string> errors, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            errors.Add($"{Section}:{key} must be between {min} and {max}; got {value}.");
        }
    }
}
