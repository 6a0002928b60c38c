using Microsoft.Extensions.Options;
using MultimodalSearch.Blip2;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Fails host start-up with a message naming the model directory when it does not exist.</summary>
internal sealed class Blip2EmbedderOptionsValidator : IValidateOptions<Blip2EmbedderOptions>
{
    public ValidateOptionsResult Validate(string? name, Blip2EmbedderOptions options)
    {
        if (string.IsNullOrWhiteSpace(options.ModelDirectory))
        {
            return ValidateOptionsResult.Fail("MultimodalSearch:Blip2:ModelDirectory is not set; it must name a BLIP-2 model directory (vision.onnx, text.onnx, vocab.txt, preprocessor_config.json).");
        }

        return Directory.Exists(options.ModelDirectory)
            ? ValidateOptionsResult.Success
            : ValidateOptionsResult.Fail($"MultimodalSearch:Blip2:ModelDirectory '{Path.GetFullPath(options.ModelDirectory)}' does not exist; it must name a BLIP-2 model directory (vision.onnx, text.onnx, vocab.txt, preprocessor_config.json).");
    }
}
